using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// Live B-leg events from the Dial <c>callbackUrl</c> (DialAction answer, connected, digits, hangup): one
/// record per B leg and DialAction, so a simultaneous dial's Lost Race hangups get one record per losing leg.
/// </summary>
public sealed class DialEventHandler(CallbackRecorder recorder)
{
    public static readonly IReadOnlyList<string> RecordedFields =
    [
        PlivoFields.DialAction, PlivoFields.Event, PlivoFields.DialBLegStatus, PlivoFields.CallUuid, PlivoFields.DialALegUuid,
        PlivoFields.DialBLegUuid, PlivoFields.DialBLegFrom, PlivoFields.DialBLegTo, PlivoFields.DialBLegPosition,
        PlivoFields.DialBLegDuration, PlivoFields.DialBLegBillDuration, PlivoFields.DialBLegHangupCause,
        PlivoFields.DialBLegHangupCauseName, PlivoFields.DialBLegHangupCauseCode, PlivoFields.DialBLegHangupSource,
        PlivoFields.DialDigitsMatch, PlivoFields.DialDigitsPressedBy, PlivoFields.StirVerification,
        PlivoFields.CallStatus, PlivoFields.From, PlivoFields.To, PlivoFields.Direction,
    ];

    public Task<Outcome> HandleAsync(PlivoWebhookRequest request, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (!RequiredFields.Value(fields, PlivoFields.DialAction).TryGet(out var dialAction, out var refused)
            || !RequiredFields.Value(fields, PlivoFields.DialBLegUuid).TryGet(out var bLeg, out refused)
            || !RequiredFields.CallUuid(fields).TryGet(out var callUuid, out refused)
            || !DialPlan.AnsweredOnOf(request.Query).TryGet(out var answeredOn, out refused))
        {
            return Task.FromResult(refused);
        }

        var key = RecordKey.DialEvent(bLeg, dialAction, fields[PlivoFields.DialDigitsPressedBy], fields[PlivoFields.DialDigitsMatch]);
        var record = new CallbackRecord(callUuid, key, fields, RecordedFields, request.ReceivedAt, AnsweredOn: answeredOn);
        return recorder.RecordAndAcknowledgeAsync(record, cancellationToken);
    }
}
