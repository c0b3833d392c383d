using System.Diagnostics.Metrics;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// The app's meter: callbacks by kind and DialStatus, and Table Storage latency. Exported with OpenTelemetry
/// (<see cref="DialStatusTelemetry"/>): each instrument arrives as a custom metric of its name, its tags as dimensions.
/// </summary>
public sealed class DialStatusMetrics
{
    public const string MeterName = "DialStatus";

    /// <summary>The <c>operation</c> of a storage measurement: a callback's writes, or a view's reads.</summary>
    public const string Write = "write";

    /// <inheritdoc cref="Write"/>
    public const string Read = "read";

    private readonly Counter<long> _callbacks;
    private readonly Histogram<double> _storageLatency;

    public DialStatusMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _callbacks = meter.CreateCounter<long>("dialstatus.callbacks", unit: "{callback}",
            description: "Callbacks stored, by record kind and DialStatus.");
        _storageLatency = meter.CreateHistogram<double>("dialstatus.storage.duration", unit: "ms",
            description: "Time of one Table Storage operation (a callback's writes, or a view's reads), retries included.");
    }

    public void CallbackStored(string recordKind, string? dialStatus) =>
        _callbacks.Add(1,
            new KeyValuePair<string, object?>("kind", recordKind),
            new KeyValuePair<string, object?>("dial_status", dialStatus ?? "none"));

    /// <summary>Tagged with the operation, so that write latency is not mixed with a report's reads.</summary>
    public void RecordStorageLatency(TimeSpan elapsed, string operation, bool succeeded) =>
        _storageLatency.Record(elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
}
