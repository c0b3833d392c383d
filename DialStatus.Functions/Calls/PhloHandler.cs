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

    /// <summary>The query parameter the Functions host reads a function key from.</summary>
    public const string FunctionKeyParameter = "code";

    public Task<CallbackOutcome> HandleAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        // The function key may travel as ?code= (the host reads it in any case): it is a secret, never stored.
        var fields = request.FormThenQuery.Without(FunctionKeyParameter, StringComparison.OrdinalIgnoreCase);
        if (DialStatusFields.Check(fields) is { } missing)
        {
            return Task.FromResult(CallbackOutcome.Refuse(missing));
        }
        var rowKey = RowKey(fields.NonEmpty(NodeParameter), fields.NonEmpty(PlivoFields.DialBLegUuid), fields[PlivoFields.DialStatus]!);
        var record = new CallbackRecord(RecordKind.Phlo, PlivoWebhookRequest.ALegUuidOf(fields)!, rowKey, fields, DialActionHandler.RecordedFields, Attempt: 1);
        return recorder.RecordAndAcknowledgeAsync(record, cancellationToken);
    }

    /// <summary>One record per PHLO node, B leg and DialStatus: a node that posts again replaces its record.</summary>
    public static string RowKey(string? node, string? bLeg, string dialStatus) => string.Join('-',
        RecordKind.Phlo, TableKeys.Encode(node ?? "-"), TableKeys.Encode(bLeg ?? "none"), TableKeys.Encode(dialStatus));
}
