using System.Globalization;
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

    public async Task<CallbackOutcome> HandleAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        if (DialStatusFields.Check(request.Fields) is { } missing)
        {
            return CallbackOutcome.Refuse(missing);
        }
        if (ParseAttempt(request.Query[DialPlan.AttemptParameter]) is not { } attempt)
        {
            return CallbackOutcome.Refuse(WebhookRejection.BadRequest(
                $"Query parameter '{DialPlan.AttemptParameter}' must be a whole number from 1 up."));
        }

        var record = new CallbackRecord(RecordKind.DialAction, request.ALegUuid!, RowKey(attempt), request.Fields, RecordedFields, attempt);
        if (await recorder.RecordAsync(record, cancellationToken) is { } refused)
        {
            return CallbackOutcome.Refuse(refused);
        }

        if (request.Fields[PlivoFields.DialStatus] == CompletedStatus)
        {
            return CallbackOutcome.Reply(plan.CompletedXml);
        }
        // The attempt is signed, but the plan may have changed (fewer targets, another mode) since this
        // call was answered: the status is stored all the same, and the call ends when no target is left.
        return attempt < plan.AttemptCount
            ? CallbackOutcome.Reply(plan.DialXml(publicBaseUrl, attempt + 1))
            : CallbackOutcome.Reply(plan.UnansweredXml);
    }

    /// <summary>One record per Dial attempt, so redeliveries of an attempt's callback replace each other.</summary>
    public static string RowKey(int attempt) => string.Create(CultureInfo.InvariantCulture, $"{RecordKind.DialAction}-{attempt:D2}");

    private static int? ParseAttempt(string? value)
    {
        if (value is null)
        {
            return 1;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) && attempt >= 1 ? attempt : null;
    }
}

/// <summary>The fields without which a dial status cannot be stored: the status itself and the call it belongs to.</summary>
internal static class DialStatusFields
{
    public static WebhookRejection? Check(PlivoParameters fields)
    {
        if (fields.NonEmpty(PlivoFields.DialStatus) is null)
        {
            return WebhookRejection.MissingField(PlivoFields.DialStatus);
        }
        return PlivoWebhookRequest.ALegUuidOf(fields) is null ? WebhookRejection.MissingCallUuid : null;
    }
}
