using System.Diagnostics.Metrics;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Metrics;
using Microsoft.Extensions.Hosting;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// Sends the <see cref="DialStatusMetrics"/> meter to Application Insights. The Application Insights 2.x
/// SDK (pinned: 3.x breaks the worker) does not collect System.Diagnostics.Metrics, so each measurement
/// goes to a pre-aggregated <see cref="TelemetryClient.GetMetric(MetricIdentifier)"/> series: one
/// customMetrics row per series a minute, not one per callback.
/// </summary>
internal sealed class ApplicationInsightsMetricsBridge(TelemetryClient telemetry) : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DialStatusMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Track(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Track(instrument, value, tags));
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Dispose();
        telemetry.Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void Track(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (tags.Length)
        {
            case 0:
                telemetry.GetMetric(instrument.Name).TrackValue(value);
                break;
            case 1:
                telemetry.GetMetric(instrument.Name, tags[0].Key).TrackValue(value, Text(tags[0]));
                break;
            default:
                telemetry.GetMetric(instrument.Name, tags[0].Key, tags[1].Key).TrackValue(value, Text(tags[0]), Text(tags[1]));
                break;
        }
    }

    private static string Text(KeyValuePair<string, object?> tag) => tag.Value?.ToString() ?? string.Empty;
}
