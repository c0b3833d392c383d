using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Tests.Infrastructure;

/// <summary>The app's own <c>dialstatus.retention.calls_deleted</c> measurements, by reason.</summary>
internal sealed class CallsDeletedCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<string> _reasons = [];

    public CallsDeletedCounter(TestApp app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "dialstatus.retention.calls_deleted")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "reason")
            {
                lock (_reasons)
                {
                    _reasons.AddRange(Enumerable.Repeat((string)tag.Value!, (int)value));
                }
            }
        }
    }

    public List<(string Reason, long Calls)> ByReason
    {
        get
        {
            lock (_reasons)
            {
                return [.. _reasons.GroupBy(r => r).Select(g => (g.Key, (long)g.Count()))];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
