using System.Collections.Concurrent;
using DialStatus.Functions.Diagnostics;
using DialStatus.Tests.Infrastructure;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Tests.Diagnostics;

/// <summary>What reaches Application Insights: Information logs, and the DialStatus meter as custom metrics.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task The_Application_Insights_SDKs_default_Warning_filter_is_removed_so_Information_logs_reach_the_portal()
    {
        await using var app = TestApp.Create("UseDevelopmentStorage=true");

        var rules = app.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        Assert.DoesNotContain(rules, rule => rule.ProviderName?.Contains("ApplicationInsights", StringComparison.Ordinal) == true && rule.LogLevel == LogLevel.Warning);
    }

    [Fact]
    public async Task The_worker_sends_every_trace_without_adaptive_sampling_so_counts_in_the_portal_are_exact()
    {
        await using var app = TestApp.Create("UseDevelopmentStorage=true");

        var insights = app.Services.GetRequiredService<IOptions<ApplicationInsightsServiceOptions>>().Value;

        Assert.False(insights.EnableAdaptiveSampling);
    }

    [Fact]
    public async Task Callback_and_storage_measurements_are_sent_as_Application_Insights_metrics_with_their_dimensions()
    {
        var channel = new CapturingChannel();
        using var configuration = new TelemetryConfiguration { TelemetryChannel = channel, ConnectionString = "InstrumentationKey=11111111-2222-3333-4444-555555555555" };
        var client = new TelemetryClient(configuration);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new DialStatusMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        using var bridge = new ApplicationInsightsMetricsBridge(client);
        await bridge.StartAsync(CancellationToken.None);

        metrics.CallbackStored("DialAction", "busy");
        metrics.CallbackStored("DialAction", "busy");
        metrics.RecordStorageLatency(TimeSpan.FromMilliseconds(12), DialStatusMetrics.Write, succeeded: true);
        client.Flush();

        var sent = channel.Items.OfType<MetricTelemetry>().ToList();
        var callbacks = Assert.Single(sent, m => m.Name == "dialstatus.callbacks");
        Assert.Equal(2, callbacks.Sum);
        Assert.Equal("DialAction", callbacks.Properties["kind"]);
        Assert.Equal("busy", callbacks.Properties["dial_status"]);
        var latency = Assert.Single(sent, m => m.Name == "dialstatus.storage.duration");
        Assert.Equal(12, latency.Sum);
        Assert.Equal("success", latency.Properties["outcome"]);
        Assert.Equal("write", latency.Properties["operation"]);
    }

    private sealed class CapturingChannel : ITelemetryChannel
    {
        public ConcurrentQueue<ITelemetry> Items { get; } = new();

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = "http://127.0.0.1:1/";

        public void Send(ITelemetry item) => Items.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
