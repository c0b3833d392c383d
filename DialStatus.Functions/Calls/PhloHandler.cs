using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// A PHLO HTTP Request node forwarding its Call Forward node's dial status (DialStatus, DialALegUUID,
/// DialBLegUUID, DialRingStatus, DialHangupCause) in the query, a form or a JSON body: stored like a Dial
/// action record, as RecordKind Phlo.
/// </summary>
public sealed class PhloHandler(CallbackRecorder recorder)
{
    /// <summary>Optional: names the Call Forward node, so that several nodes of one call keep a record each.</summary>
    public const string NodeParameter = "node";

    public Task<Outcome> HandleAsync(PlivoWebhookRequest request, CancellationToken cancellationToken)
    {
        // The function key may travel as ?code= (the host reads it in any case): it is a secret, never stored.
        var fields = request.FormThenQuery.Without(FunctionKeyQuery.Name, StringComparison.OrdinalIgnoreCase);
        if (!FieldShapes.CheckUnsigned(fields, NodeParameter).TryGet(out _, out var refused)
            || !RequiredFields.Value(fields, PlivoFields.DialStatus).TryGet(out var dialStatus, out refused)
            || !RequiredFields.CallUuid(fields).TryGet(out var callUuid, out refused))
        {
            return Task.FromResult(refused);
        }
        var key = RecordKey.Phlo(fields.NonEmpty(NodeParameter), fields.NonEmpty(PlivoFields.DialBLegUuid), dialStatus);
        var record = new CallbackRecord(callUuid, key, fields, DialActionHandler.RecordedFields, request.ReceivedAt, Attempt: 1);
        return recorder.RecordAndAcknowledgeAsync(record, cancellationToken);
    }
}
