using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// A PHLO HTTP Request node forwarding its Call Forward node's dial status (DialStatus, DialALegUUID,
/// DialBLegUUID, DialRingStatus, DialHangupCause): stored like a Dial action record, as RecordKind Phlo.
/// </summary>
public sealed class PhloHandler(CallbackRecorder recorder)
{
    public async Task<CallbackOutcome> HandleAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        if (DialStatusFields.Check(request) is { } missing)
        {
            return CallbackOutcome.Refuse(missing);
        }
        var fields = request.Fields;
        // One record per forwarded outcome: a PHLO may forward several Call Forward nodes of one call.
        var rowKey = $"{RecordKind.Phlo}-{TableKeys.Encode(fields.NonEmpty(PlivoFields.DialBLegUuid) ?? "none")}-{TableKeys.Encode(fields[PlivoFields.DialStatus]!)}";
        var record = new CallbackRecord(RecordKind.Phlo, request.ALegUuid!, rowKey, fields, DialActionHandler.RecordedFields);
        return await recorder.RecordAsync(record, cancellationToken) is { } refused
            ? CallbackOutcome.Refuse(refused)
            : CallbackOutcome.Acknowledged;
    }
}
