using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DialStatus.Functions.Diagnostics;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Tests.Diagnostics;

/// <summary>
/// Every KQL query operators are given (docs/operations.md, the deployed workbook, the alert rules) reads the
/// workspace tables the OpenTelemetry export lands in, and names only what the code really emits there: logged
/// properties, event ids and message beginnings, metric names and tags.
/// </summary>
public sealed partial class OperationsQueryTests
{
    /// <summary>
    /// Added to every log record by the Azure Monitor exporter: the logger's category, and the EventId's number
    /// and name (not for custom events); a record with an exception also keeps its template as OriginalFormat.
    /// </summary>
    private static readonly string[] ExporterProperties = ["CategoryName", "EventId", "EventName", "OriginalFormat"];

    /// <summary>
    /// The storage backlog's names, which the docs and the alerts describe ahead of the code that is being added
    /// for it. Queries may name these before the code emits them; once it does, the last test here fails: delete
    /// the entry.
    /// </summary>
    private static readonly string[] WorkspaceTables = ["AppTraces", "AppExceptions", "AppRequests", "AppDependencies", "AppMetrics"];

    private static readonly Lazy<Emitted> Code = new(Emitted.Measure);

    /// <summary>Where operators find KQL: the runbook, the workbook and one file per alert rule.</summary>
    private static readonly string[] Sources = [
        "docs/operations.md",
        "infra/workbook.json",
        .. Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "infra", "alerts"), "*.kql")
            .Select(path => Path.GetRelativePath(TestPaths.RepositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string> QuerySources => [.. Sources];

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void Every_query_reads_the_workspace_tables_and_none_of_the_classic_ones(string source)
    {
        Assert.All(Queries(source), query =>
        {
            Assert.Contains(WorkspaceTables, table => Regex.IsMatch(query, $@"\b{table}\b"));
            Assert.DoesNotMatch(ClassicName(), query);
        });
    }

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void Every_property_a_query_names_is_logged_measured_or_added_by_the_exporter(string source)
    {
        var named = Queries(source).SelectMany(query => PropertyName().Matches(query).Select(m => m.Groups[1].Value)).Distinct().ToList();
        var known = LogEvents.All.SelectMany(LogEvents.Placeholders).Concat(Code.Value.TagKeys).Concat(ExporterProperties).ToHashSet(StringComparer.Ordinal);

        Assert.All(named, name => Assert.Contains(name, known));
    }

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void Every_message_beginning_a_query_matches_begins_a_logged_message(string source)
    {
        var prefixes = Queries(source).SelectMany(MessagePrefixes).Distinct().ToList();

        Assert.All(prefixes, prefix => Assert.NotNull(EventStartingWith(prefix)));
    }

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void Every_EventId_a_query_selects_is_a_logged_event(string source)
    {
        var ids = Queries(source).SelectMany(EventIds).Distinct().ToList();

        Assert.All(ids, id => Assert.NotNull(EventWithId(id)));
    }

    /// <summary>Azure Monitor stores such a record in AppExceptions, whose message is the exception's, not the log line.</summary>
    [Theory]
    [MemberData(nameof(QuerySources))]
    public void No_query_selects_an_event_logged_with_an_exception_by_its_message(string source)
    {
        var selected = Queries(source).SelectMany(MessagePrefixes).Select(EventStartingWith).OfType<System.Reflection.MethodInfo>();

        Assert.All(selected, method => Assert.False(LogEvents.TakesException(method),
            $"Log.{method.Name} is logged with an exception: select it by Properties.EventId in AppTraces and AppExceptions."));
    }

    [Theory]
    [MemberData(nameof(QuerySources))]
    public void A_query_for_an_event_logged_with_an_exception_reads_AppExceptions_too(string source)
    {
        Assert.All(Queries(source), query =>
        {
            var withException = EventIds(query).Select(EventWithId).OfType<System.Reflection.MethodInfo>().Where(LogEvents.TakesException);
            Assert.All(withException, method => Assert.Matches(@"\bunion\b[^|]*\bAppExceptions\b", query));
        });
    }

    [Fact]
    public void Every_metric_a_query_reads_is_an_instrument_of_the_DialStatus_meter()
    {
        var queried = Sources.SelectMany(Queries).SelectMany(MetricNames).Distinct().ToList();

        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(name, Code.Value.Instruments));
    }

    [Fact]
    public void The_workbook_runs_its_queries_in_the_Log_Analytics_workspace()
    {
        using var workbook = JsonDocument.Parse(Read("infra/workbook.json"));

        var resourceTypes = QueryItems(workbook.RootElement).Select(item => item.GetProperty("resourceType").GetString()).ToList();

        Assert.NotEmpty(resourceTypes);
        Assert.All(resourceTypes, type => Assert.Equal("microsoft.operationalinsights/workspaces", type));
    }

    /// <summary>The KQL of a source: the kusto blocks of a Markdown file, a workbook's query items, or a whole .kql file.</summary>
    private static List<string> Queries(string source)
    {
        var text = Read(source);
        if (source.EndsWith(".md", StringComparison.Ordinal))
        {
            return [.. KustoBlock().Matches(text).Select(m => m.Groups[1].Value)];
        }
        if (source.EndsWith(".json", StringComparison.Ordinal))
        {
            using var workbook = JsonDocument.Parse(text);
            return [.. QueryItems(workbook.RootElement).Select(item => item.GetProperty("query").GetString()!)];
        }
        return [text];
    }

    private static IEnumerable<JsonElement> QueryItems(JsonElement workbook) =>
        workbook.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("content"))
            .Where(content => content.TryGetProperty("query", out _))
            .Select(content => content.Clone());

    private static IEnumerable<string> MessagePrefixes(string query) =>
        MessagePrefix().Matches(query).Select(m => Regex.Unescape(m.Groups[1].Value));

    /// <summary>The event ids a query selects, with <c>==</c> or <c>in (…)</c>.</summary>
    private static IEnumerable<int> EventIds(string query) =>
        EventId().Matches(query).SelectMany(m => m.Groups[1].Success ? [m.Groups[1].Value] : Number().Matches(m.Groups[2].Value).Select(n => n.Groups[1].Value))
            .Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture));

    private static IEnumerable<string> MetricNames(string query) =>
        MetricEquals().Matches(query).Select(m => m.Groups[1].Value)
            .Concat(MetricIn().Matches(query).SelectMany(m => Quoted().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value)));

    private static System.Reflection.MethodInfo? EventStartingWith(string prefix) =>
        LogEvents.All.FirstOrDefault(method => LogEvents.Template(method).StartsWith(prefix, StringComparison.Ordinal));

    private static System.Reflection.MethodInfo? EventWithId(int id) =>
        LogEvents.All.FirstOrDefault(method => LogEvents.Attribute(method).EventId == id);

    private static string Read(string relativePath) => File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, relativePath));

    /// <summary>What the app's meter emits, as the OpenTelemetry export sees it.</summary>
    private sealed record Emitted(HashSet<string> Instruments, HashSet<string> TagKeys)
    {
        /// <summary>
        /// Builds the app, constructs every service of its own (so every instrument, wherever it is created, is
        /// published), records one of each measurement and collects the instrument names and exported tag keys.
        /// </summary>
        public static Emitted Measure()
        {
            var telemetry = new TelemetryCapture();
            IServiceCollection? registered = null;
            var app = TestApp.CreateInMemory(configureServices: services =>
            {
                registered = services;
                telemetry.AddTo(services);
            });
            try
            {
                return Measure(app, registered!, telemetry);
            }
            finally
            {
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        private static Emitted Measure(TestApp app, IServiceCollection registered, TelemetryCapture telemetry)
        {
            telemetry.Start(app.Services);
            var factory = app.Services.GetRequiredService<IMeterFactory>();
            var published = new HashSet<string>(StringComparer.Ordinal);
            using var listener = new MeterListener
            {
                InstrumentPublished = (instrument, _) =>
                {
                    if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == DialStatusMetrics.MeterName)
                    {
                        published.Add(instrument.Name);
                    }
                },
            };
            listener.Start();
            var appAssembly = typeof(DialStatusMetrics).Assembly;
            foreach (var serviceType in registered.Where(d => d.Lifetime == ServiceLifetime.Singleton && !d.ServiceType.ContainsGenericParameters
                && (d.ServiceType.Assembly == appAssembly || d.ImplementationType?.Assembly == appAssembly)).Select(d => d.ServiceType).Distinct())
            {
                app.Services.GetServices(serviceType).ToList();
            }

            Measurements.RecordOneOfEach(app.Services.GetRequiredService<DialStatusMetrics>());
            telemetry.Flush(app.Services);

            var exported = telemetry.Metrics.Where(metric => published.Contains(metric.Name)).ToList();
            var tagKeys = exported.SelectMany(metric => metric.MetricPoints).SelectMany(point =>
            {
                var keys = new List<string>();
                foreach (var tag in point.Tags)
                {
                    keys.Add(tag.Key);
                }
                return keys;
            });
            return new Emitted(published, [.. tagKeys]);
        }
    }

    [GeneratedRegex(@"^[ \t]*```kusto[ \t]*\r?\n(.*?)^[ \t]*```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex KustoBlock();

    /// <summary>The classic Application Insights names, which only the Application Insights resource's own Logs knows.</summary>
    [GeneratedRegex(@"\b(traces|customMetrics|customDimensions|requests|exceptions|dependencies)\b")]
    private static partial Regex ClassicName();

    [GeneratedRegex(@"\b(?:Properties|customDimensions)\.([A-Za-z_]+)")]
    private static partial Regex PropertyName();

    [GeneratedRegex(@"\bmessage startswith \\?""((?:[^""\\]|\\.)+?)\\?""", RegexOptions.IgnoreCase)]
    private static partial Regex MessagePrefix();

    [GeneratedRegex(@"\bEventId\)?\s*(?:==\s*""(\d+)""|in\s*\(([^)]*)\))")]
    private static partial Regex EventId();

    [GeneratedRegex(@"""(\d+)""")]
    private static partial Regex Number();

    [GeneratedRegex(@"\bName\s*==\s*""([a-z._]+)""")]
    private static partial Regex MetricEquals();

    [GeneratedRegex(@"\bName\s+in\s*\(([^)]*)\)")]
    private static partial Regex MetricIn();

    [GeneratedRegex(@"""([a-z._]+)""")]
    private static partial Regex Quoted();
}
