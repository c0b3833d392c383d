using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// What one app's meter measures: every measurement <c>DialStatusMetrics</c> makes (counts and durations), with its tags. A
/// listener hears every app in the process, so only instruments of this app's own meter factory are kept.
/// </summary>
internal sealed class AppMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public AppMeasurements(TestApp app)
    {
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Enqueue(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Enqueue(instrument, value, tags));
        _listener.Start();
    }

    private void Enqueue(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));

    /// <summary>One measurement: the instrument's name, the value added or recorded, and the tags.</summary>
    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);

    /// <summary>What <paramref name="instrument"/> counted, as its <paramref name="tag"/> values, one per unit added.</summary>
    public IEnumerable<string?> Counted(string instrument, string tag) =>
        _measurements.Where(m => m.Instrument == instrument).SelectMany(m => Enumerable.Repeat(m.Tags.GetValueOrDefault(tag), (int)m.Value));

    /// <summary>What <paramref name="instrument"/> recorded, as the <paramref name="tags"/> values of each measurement.</summary>
    public IEnumerable<string> Recorded(string instrument, params string[] tags) =>
        _measurements.Where(m => m.Instrument == instrument).Select(m => string.Join(' ', tags.Select(tag => m.Tags.GetValueOrDefault(tag))));

    public void Dispose() => _listener.Dispose();
}
