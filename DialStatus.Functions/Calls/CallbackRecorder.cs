using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// Stores one callback's record, then counts and logs it: the one way every handler records. Callbacks whose
/// reply steers the call never wait on storage longer than <c>DialStatus:RoutingStorageTimeoutSeconds</c>: what
/// storage does not take in time goes to the outbox (<see cref="HeldRecords"/>), which writes it later.
/// </summary>
public sealed class CallbackRecorder(
    ICallRecordStore store,
    HeldRecords held,
    StoredRecords stored,
    IOptions<DialStatusOptions> options)
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
        stored.Count(record);
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
            stored.Count(record);
            return reply;
        }
        switch (failed)
        {
            case Outcome.Refused { Reason: Refusal.TooLarge }:
            case Outcome.Aborted when cancellationToken.IsCancellationRequested:
                return failed;
            case Outcome.Refused refused:
                // Storage refuses this very record: holding it cannot help; its full log line is the way back.
                held.Abandon(record, refused.Message);
                return reply;
        }
        held.Hold(record, failed is Outcome.StorageUnavailable unavailable ? unavailable.Reason : $"no answer within {_routingBudget.TotalSeconds:0} s");
        return reply;
    }
}
