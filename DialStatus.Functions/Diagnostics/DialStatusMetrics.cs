using System.Diagnostics.Metrics;
using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// The app's meter: callbacks by kind and DialStatus, Table Storage latency, the held-record backlog and deleted calls. Exported with OpenTelemetry
/// (<see cref="DialStatusTelemetry"/>): each instrument arrives as a custom metric of its name, its tags as dimensions.
/// </summary>
public sealed class DialStatusMetrics
{
    public const string MeterName = "DialStatus";

    /// <summary>The <c>operation</c> of a storage measurement: a callback's writes, a view's reads, or deleting a call.</summary>
    public const string Write = "write";

    /// <inheritdoc cref="Write"/>
    public const string Read = "read";

    /// <inheritdoc cref="Write"/>
    public const string Delete = "delete";

    /// <summary>The <c>reason</c> a call was deleted: its day passed <c>DialStatus:RetentionDays</c>, or someone asked.</summary>
    public const string Retention = "retention";

    /// <inheritdoc cref="Retention"/>
    public const string Erasure = "erasure";

    private readonly Meter _meter;
    private readonly Counter<long> _callbacks;
    private readonly Histogram<double> _storageLatency;
    private readonly Counter<long> _held;
    private readonly Counter<long> _written;
    private readonly Counter<long> _abandoned;
    private readonly Counter<long> _callsDeleted;

    public DialStatusMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        _held = meter.CreateCounter<long>("dialstatus.outbox.held", unit: "{record}",
            description: "Records of callbacks that steer a call, answered while storage could not take them in time and held for a later write.");
        _written = meter.CreateCounter<long>("dialstatus.outbox.written", unit: "{record}",
            description: "Held records written once storage answered again.");
        _abandoned = meter.CreateCounter<long>("dialstatus.outbox.abandoned", unit: "{record}",
            description: "Records given up on (storage refused them, the backlog was full, or the app stopped first), each logged in full for re-ingestion.");
        _callbacks = meter.CreateCounter<long>("dialstatus.callbacks", unit: "{callback}",
            description: "Callbacks stored, by record kind and DialStatus.");
        _storageLatency = meter.CreateHistogram<double>("dialstatus.storage.duration", unit: "ms",
            description: "Time of one Table Storage operation (a callback's writes, a view's reads, or deleting a call), retries included.");
        _callsDeleted = meter.CreateCounter<long>("dialstatus.retention.calls_deleted", unit: "{call}",
            description: "Calls deleted with every record and day-index entry, by retention or on request (erasure).");
    }

    /// <summary>Publishes the backlog's depth: how many held records are waiting for storage (once, by <see cref="Calls.HeldRecords"/>).</summary>
    internal void ObserveHeldRecords(Func<int> depth) =>
        _meter.CreateObservableGauge("dialstatus.outbox.depth", depth, unit: "{record}",
            description: "Held records waiting to be written.");

    public void RecordHeld(string recordKind) => _held.Add(1, new KeyValuePair<string, object?>("kind", recordKind));

    public void RecordWrittenLate(string recordKind) => _written.Add(1, new KeyValuePair<string, object?>("kind", recordKind));

    public void RecordAbandoned(string recordKind) => _abandoned.Add(1, new KeyValuePair<string, object?>("kind", recordKind));

    /// <summary>One call is gone, for <paramref name="reason"/>: <see cref="Retention"/> or <see cref="Erasure"/>.</summary>
    public void CallDeleted(string reason) => _callsDeleted.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void CallbackStored(string recordKind, string? dialStatus) =>
        _callbacks.Add(1,
            new KeyValuePair<string, object?>("kind", recordKind),
            new KeyValuePair<string, object?>("dial_status", DialStatusTag(dialStatus)));

    /// <summary>
    /// A DialStatus as a tag value: Plivo's statuses are short lower-case words and hyphens, and a metric dimension
    /// must stay well-formed and few, so anything else (a PHLO post can send any text) is counted as <c>other</c>.
    /// </summary>
    internal static string DialStatusTag(string? dialStatus) => dialStatus switch
    {
        null => "none",
        _ when FieldShapes.IsPlivoWord(dialStatus) => dialStatus,
        _ => "other",
    };

    /// <summary>Tagged with the operation, so that write latency is not mixed with a report's reads.</summary>
    public void RecordStorageLatency(TimeSpan elapsed, string operation, bool succeeded) =>
        _storageLatency.Record(elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
}
