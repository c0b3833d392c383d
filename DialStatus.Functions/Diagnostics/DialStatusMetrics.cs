using System.Diagnostics.Metrics;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// The app's meter: callbacks by kind and DialStatus, and Table Storage latency. Exported to
/// Application Insights with the rest of the worker's telemetry.
/// </summary>
public sealed class DialStatusMetrics
{
    public const string MeterName = "DialStatus";

    private readonly Counter<long> _callbacks;
    private readonly Histogram<double> _storageLatency;

    public DialStatusMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _callbacks = meter.CreateCounter<long>("dialstatus.callbacks", unit: "{callback}",
            description: "Callbacks stored, by record kind and DialStatus.");
        _storageLatency = meter.CreateHistogram<double>("dialstatus.storage.duration", unit: "ms",
            description: "Time to write one callback's records to Table Storage, retries included.");
    }

    public void CallbackStored(string recordKind, string? dialStatus) =>
        _callbacks.Add(1,
            new KeyValuePair<string, object?>("kind", recordKind),
            new KeyValuePair<string, object?>("dial_status", dialStatus ?? "none"));

    public void RecordStorageLatency(TimeSpan elapsed, bool succeeded) =>
        _storageLatency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
}
