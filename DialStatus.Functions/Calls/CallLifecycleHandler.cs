using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The call-level notifications, one record per call each: ring (ring_url, API-placed calls) and hangup
/// (hangup_url, or a hangup post that reached the answer URL). Plivo ignores the reply of both.
/// </summary>
public sealed class CallLifecycleHandler(CallbackRecorder recorder)
{
    public static readonly IReadOnlyList<string> RingFields =
    [
        PlivoFields.CallUuid, PlivoFields.From, PlivoFields.To, PlivoFields.Direction, PlivoFields.Event, PlivoFields.CallStatus,
        PlivoFields.RequestUuid, PlivoFields.ALegRequestUuid, PlivoFields.SessionStart, PlivoFields.StirAttestation,
    ];

    /// <summary>StartTime, AnswerTime and EndTime are in the Plivo account's console time zone: stored as sent.</summary>
    public static readonly IReadOnlyList<string> HangupFields =
    [
        PlivoFields.CallUuid, PlivoFields.From, PlivoFields.To, PlivoFields.Direction, PlivoFields.Event, PlivoFields.CallStatus,
        PlivoFields.RequestUuid, PlivoFields.ALegUuid, PlivoFields.ALegRequestUuid, PlivoFields.HangupCause,
        PlivoFields.HangupCauseName, PlivoFields.HangupCauseCode, PlivoFields.HangupSource, PlivoFields.Duration,
        PlivoFields.BillDuration, PlivoFields.StartTime, PlivoFields.AnswerTime, PlivoFields.EndTime, PlivoFields.SessionStart,
        PlivoFields.StirAttestation, PlivoFields.StirVerification, PlivoFields.TotalCost, PlivoFields.BillRate,
    ];

    public Task<Outcome> HandleRingAsync(PlivoWebhookRequest request, CancellationToken cancellationToken) =>
        RecordOncePerCallAsync(request, RecordKey.Ring, RingFields, cancellationToken);

    public Task<Outcome> HandleHangupAsync(PlivoWebhookRequest request, CancellationToken cancellationToken) =>
        RecordOncePerCallAsync(request, RecordKey.Hangup, HangupFields, cancellationToken);

    private Task<Outcome> RecordOncePerCallAsync(
        PlivoWebhookRequest request, RecordKey key, IReadOnlyList<string> fieldNames, CancellationToken cancellationToken)
    {
        if (request.ALegUuid is not { } callUuid)
        {
            return Task.FromResult<Outcome>(Outcome.MissingField(PlivoFields.CallUuid));
        }
        return recorder.RecordAndAcknowledgeAsync(new CallbackRecord(callUuid, key, request.Fields, fieldNames, request.ReceivedAt), cancellationToken);
    }
}
