using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// Stores one callback's record, then counts and logs it: the one way every handler records. Callbacks whose
/// reply steers the call never wait on storage longer than <c>DialStatus:RoutingStorageTimeoutSeconds</c>: what
/// storage does not take in time is held and written later (<see cref="HeldRecords"/>).
/// </summary>
public sealed class CallbackRecorder(
    ICallRecordStore store,
    HeldRecords held,
    IOptions<DialStatusOptions> options,
    DialStatusMetrics metrics,
    PhoneNumberMask phoneNumbers,
    TimeProvider time,
    ILogger<CallbackRecorder> logger)
{
    private readonly TimeSpan _routingBudget = TimeSpan.FromSeconds(options.Value.RoutingStorageTimeoutSeconds);

    /// <summary>An empty <c>&lt;Response/&gt;</c>: the reply to URLs whose reply steers nothing.</summary>
    public static Outcome Acknowledged { get; } = new Outcome.Xml(new PlivoResponse().ToXml());

    /// <summary>Stores the record and acknowledges it: the whole job of a notify-only URL.</summary>
    public Task<Outcome> RecordAndAcknowledgeAsync(CallbackRecord record, CancellationToken cancellationToken) =>
        RecordAsync(record, Acknowledged, cancellationToken);

    /// <summary><paramref name="reply"/> once the record is durable; otherwise the outcome that says why it is not (Plivo retries a 503).</summary>
    public async Task<Outcome> RecordAsync(CallbackRecord record, Outcome reply, CancellationToken cancellationToken)
    {
        if (!(await store.SaveAsync(record, cancellationToken)).TryGet(out _, out var failed))
        {
            return failed;
        }
        Stored(record);
        return reply;
    }

    /// <summary>
    /// For callbacks whose reply steers the call: <paramref name="reply"/> once the record is durable, or, when
    /// storage does not take it within the routing budget, <paramref name="reply"/> all the same with the record
    /// held for a later write. Only a record too large to store at all (a 413) or a caller that went away ends otherwise.
    /// </summary>
    public async Task<Outcome> RecordOrHoldAsync(CallbackRecord record, Outcome reply, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_routingBudget);
        if ((await store.SaveAsync(record, budget.Token)).TryGet(out _, out var failed))
        {
            held.Supersede(record);
            Stored(record);
            return reply;
        }
        switch (failed)
        {
            case Outcome.Refused { Reason: Refusal.TooLarge }:
            case Outcome.Aborted when cancellationToken.IsCancellationRequested:
                return failed;
            case Outcome.Refused refused:
                // Storage refuses this very record: holding it cannot help; its full log line is the way back.
                Abandon(record, refused.Message);
                return reply;
        }
        var reason = failed is Outcome.StorageUnavailable unavailable ? unavailable.Reason : $"no answer within {_routingBudget.TotalSeconds:0} s";
        if (held.TryHold(record, time.GetUtcNow()))
        {
            metrics.RecordHeld(record.Key.Kind);
            Log.RecordHeld(logger, record.Key.Kind, record.CallUuid, reason);
        }
        else
        {
            Abandon(record, held.IsClosed ? $"{reason}, and the app is stopping" : $"{reason}, and {HeldRecords.Capacity} records are already waiting");
        }
        return reply;
    }

    /// <summary>Counts and logs a record that is now durable.</summary>
    internal void Stored(CallbackRecord record)
    {
        var dialStatus = record.DialStatus;
        metrics.CallbackStored(record.Key.Kind, dialStatus);
        var fields = record.Fields;
        if (dialStatus is not null)
        {
            Log.DialStatusStored(logger, dialStatus, record.CallUuid, fields.NonEmpty(PlivoFields.DialHangupCause), record.Key.Kind,
                record.Attempt ?? 1, phoneNumbers.ForLog(fields[PlivoFields.From]), phoneNumbers.ForLog(fields[PlivoFields.To]));
        }
        else
        {
            Log.CallEventStored(logger, record.Key.Kind, record.CallUuid,
                fields.NonEmpty(PlivoFields.DialAction), fields.NonEmpty(PlivoFields.DialBLegUuid),
                fields.NonEmpty(PlivoFields.HangupCauseName) ?? fields.NonEmpty(PlivoFields.DialBLegHangupCauseName));
        }
    }

    /// <summary>
    /// Gives up on storing a record Plivo was told we have: logged as an Error carrying every field (phone numbers
    /// unmasked: this line is the record), so it can be re-ingested; a record longer than a log property keeps is
    /// logged in parts, one line each.
    /// </summary>
    internal void Abandon(CallbackRecord record, string reason)
    {
        metrics.RecordAbandoned(record.Key.Kind);
        foreach (var line in CallbackRecordJson.WriteLines(record))
        {
            Log.HeldRecordAbandoned(logger, record.CallUuid, record.Key.Kind, reason, line);
        }
    }
}
