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

    public Task<CallbackOutcome> HandleAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (fields.NonEmpty(PlivoFields.DialAction) is not { } dialAction)
        {
            return Task.FromResult(CallbackOutcome.Refuse(WebhookRejection.MissingField(PlivoFields.DialAction)));
        }
        if (fields.NonEmpty(PlivoFields.DialBLegUuid) is not { } bLeg)
        {
            return Task.FromResult(CallbackOutcome.Refuse(WebhookRejection.MissingField(PlivoFields.DialBLegUuid)));
        }
        if (request.ALegUuid is not { } callUuid)
        {
            return Task.FromResult(CallbackOutcome.Refuse(WebhookRejection.MissingCallUuid));
        }

        var rowKey = RowKey(bLeg, dialAction, fields[PlivoFields.DialDigitsPressedBy], fields[PlivoFields.DialDigitsMatch]);
        return recorder.RecordAndAcknowledgeAsync(new CallbackRecord(RecordKind.DialEvent, callUuid, rowKey, fields, RecordedFields), cancellationToken);
    }

    /// <summary>One record per B leg and DialAction; the digits fields count only for a <c>digits</c> event.</summary>
    public static string RowKey(string bLeg, string dialAction, string? digitsPressedBy = null, string? digitsMatch = null)
    {
        var rowKey = $"{RecordKind.DialEvent}-{TableKeys.Encode(bLeg)}-{TableKeys.Encode(dialAction)}";
        // Several patterns can match on one leg, from either side: each is its own event.
        return dialAction.Equals("digits", StringComparison.OrdinalIgnoreCase)
            ? $"{rowKey}-{TableKeys.Encode(digitsPressedBy ?? "")}-{TableKeys.Encode(digitsMatch ?? "")}"
            : rowKey;
    }
}
