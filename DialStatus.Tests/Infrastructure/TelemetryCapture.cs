using System.Diagnostics;
using DialStatus.Functions.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// The app's OpenTelemetry signals exactly as <c>AddDialStatus</c> wires them for Azure Monitor
/// (<see cref="DialStatusTelemetry.WithDialStatusSignals"/>), exported to memory instead.
/// </summary>
internal sealed class TelemetryCapture
{
    public List<Activity> Spans { get; } = [];

    public List<LogRecord> Logs { get; } = [];

    public List<MetricSnapshot> Metrics { get; } = [];

    /// <summary>For <c>configureServices</c> of <see cref="TestApp"/> and <see cref="FunctionHost"/>.</summary>
    public void AddTo(IServiceCollection services) => services.AddOpenTelemetry()
        .WithDialStatusSignals()
        .WithTracing(tracing => tracing.AddInMemoryExporter(Spans))
        .WithLogging(logging => logging.AddInMemoryExporter(Logs))
        .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics));

    /// <summary>
    /// Builds the providers, as OpenTelemetry's hosted service does when the worker starts: until then no listener
    /// samples the worker's activity source, and the worker starts no invocation span.
    /// </summary>
    public void Start(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>();
        services.GetRequiredService<LoggerProvider>();
        services.GetRequiredService<MeterProvider>();
    }

    /// <summary>Exports what the app has recorded so far (metrics are otherwise collected once a minute).</summary>
    public void Flush(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<LoggerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
    }
}
