using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The Dial action callback: stores the Dial's outcome, then tells Plivo how the call goes on: hang up
/// after an answered call; otherwise the next target (sequential mode), the unanswered message, or hang up.
/// </summary>
public sealed class DialActionHandler(DialPlan plan, CallbackRecorder recorder)
{
    public const string CompletedStatus = "completed";

    /// <summary>Plivo's fields kept as record properties under their own names.</summary>
    public static readonly IReadOnlyList<string> RecordedFields =
    [
        PlivoFields.DialStatus, PlivoFields.DialALegUuid, PlivoFields.DialBLegUuid, PlivoFields.DialRingStatus,
        PlivoFields.DialHangupCause, PlivoFields.CallUuid, PlivoFields.From, PlivoFields.To, PlivoFields.CallStatus,
        PlivoFields.Direction,
    ];

    public Task<Outcome> HandleAsync(PlivoWebhookRequest request, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!RequiredFields.Value(fields, PlivoFields.DialStatus).TryGet(out var dialStatus, out var refused)
            || !RequiredFields.CallUuid(fields).TryGet(out var callUuid, out refused))
        {
            return Task.FromResult(refused);
        }
        if (!DialPlan.AttemptOf(request.Query).TryGet(out var attempt, out refused)
            || !DialPlan.AnsweredOnOf(request.Query).TryGet(out var answeredOn, out refused))
        {
            return Task.FromResult(refused);
        }

        // The reply routes the call: it must not wait on storage, and the status must not be lost either.
        var record = new CallbackRecord(callUuid, RecordKey.DialAction(attempt), fields, RecordedFields, request.ReceivedAt, attempt, answeredOn);
        return recorder.RecordOrHoldAsync(record, new Outcome.Xml(NextXml(dialStatus, attempt, request.PublicBaseUrl, record.CallDay)), cancellationToken);
    }

    /// <summary>How the call goes on after Dial <paramref name="attempt"/> ended with <paramref name="dialStatus"/>.</summary>
    private string NextXml(string dialStatus, int attempt, string publicBaseUrl, DateOnly callDay)
    {
        if (dialStatus == CompletedStatus)
        {
            return plan.CompletedXml;
        }
        // The attempt is signed, but the plan may have changed (fewer targets, another mode) since this
        // call was answered: the status is stored all the same, and the call ends when no target is left.
        return attempt < plan.AttemptCount ? plan.DialXml(publicBaseUrl, attempt + 1, callDay) : plan.UnansweredXml;
    }
}
