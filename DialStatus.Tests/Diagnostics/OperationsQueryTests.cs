using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using DialStatus.Functions.Diagnostics;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Diagnostics;

/// <summary>
/// The KQL in docs/operations.md and in the deployed workbook must only name properties the code really
/// logs (or metric dimensions it really records), and only match messages the code really writes.
/// </summary>
public sealed partial class OperationsQueryTests
{
    /// <summary>Added to every trace by the Application Insights logger itself.</summary>
    private static readonly string[] SdkProperties = ["CategoryName"];

    public static TheoryData<string> QuerySources => new() { "docs/operations.md", "infra/workbook.json" };

    private static readonly string[] Templates = [.. typeof(Log).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()?.Message)
        .OfType<string>()];

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void Every_customDimensions_property_a_query_names_is_logged_or_measured(string source)
    {
        var named = CustomDimension().Matches(Read(source)).Select(m => m.Groups[1].Value).Distinct().ToList();
        var known = Templates.SelectMany(t => Placeholder().Matches(t).Select(m => m.Groups[1].Value))
            .Concat(MetricDimensions()).Concat(SdkProperties).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, known));
    }

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void Every_message_prefix_a_query_matches_starts_a_logged_message(string source)
    {
        var prefixes = MessagePrefix().Matches(Read(source)).Select(m => Regex.Unescape(m.Groups[1].Value)).Distinct().ToList();

        Assert.NotEmpty(prefixes);
        Assert.All(prefixes, prefix => Assert.Contains(Templates, t => t.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_metric_the_docs_query_is_one_the_meter_records()
    {
        var queried = MetricName().Matches(Read("docs/operations.md")).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, MeasuredInstruments()));
    }

    private static string Read(string relativePath) => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, relativePath));

    private static HashSet<string> MetricDimensions() => Measure().SelectMany(m => m.Tags).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> MeasuredInstruments() => Measure().Select(m => m.Instrument).ToHashSet(StringComparer.Ordinal);

    /// <summary>Records one of each measurement the app makes and returns instrument names and tag keys.</summary>
    private static List<(string Instrument, string[] Tags)> Measure()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var measured = new List<(string, string[])>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DialStatusMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => measured.Add((i.Name, [.. TagKeys(tags)])));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => measured.Add((i.Name, [.. TagKeys(tags)])));
        listener.SetMeasurementEventCallback<int>((i, _, tags, _) => measured.Add((i.Name, [.. TagKeys(tags)])));
        listener.Start();
        var metrics = new DialStatusMetrics(services.GetRequiredService<IMeterFactory>());
        metrics.CallbackStored("DialAction", "busy");
        metrics.RecordStorageLatency(TimeSpan.FromMilliseconds(1), DialStatusMetrics.Write, succeeded: true);
        metrics.RecordHeld("DialAction");
        metrics.RecordWrittenLate("DialAction");
        metrics.RecordAbandoned("DialAction");
        metrics.ObserveHeldRecords(() => 1);
        listener.RecordObservableInstruments();
        return measured;
    }

    private static IEnumerable<string> TagKeys(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var keys = new List<string>();
        foreach (var tag in tags)
        {
            keys.Add(tag.Key);
        }
        return keys;
    }

    [GeneratedRegex(@"customDimensions\.([A-Za-z_]+)")]
    private static partial Regex CustomDimension();

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"message startswith \\?""((?:[^""\\]|\\.)+?)\\?""")]
    private static partial Regex MessagePrefix();

    [GeneratedRegex(@"(?:name|Name) == ""([a-z.]+)""")]
    private static partial Regex MetricName();
}
