using System.Globalization;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The Dial action callback: stores the Dial's outcome, then tells Plivo how the call goes on
/// (hang up after an answered call; otherwise the next target, the unanswered message, or hang up).
/// </summary>
public sealed class DialActionHandler(
    DialPlan plan,
    ICallRecordStore store,
    IOptions<DialStatusOptions> options,
    DialStatusMetrics metrics,
    TimeProvider time,
    ILogger<DialActionHandler> logger)
{
    public const string CompletedStatus = "completed";

    /// <summary>Plivo's fields kept as record properties under their own names.</summary>
    public static readonly IReadOnlyList<string> RecordedFields =
    [
        PlivoFields.DialStatus, PlivoFields.DialALegUuid, PlivoFields.DialBLegUuid, PlivoFields.DialRingStatus,
        PlivoFields.DialHangupCause, PlivoFields.CallUuid, PlivoFields.From, PlivoFields.To, PlivoFields.CallStatus,
        PlivoFields.Direction,
    ];

    private readonly string _tableName = options.Value.TableName;

    public async Task<CallbackOutcome> HandleAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var fields = request.Fields;
        if (fields.NonEmpty(PlivoFields.DialStatus) is not { } dialStatus)
        {
            return CallbackOutcome.Refuse(WebhookRejection.MissingField(PlivoFields.DialStatus));
        }
        if (request.ALegUuid is not { } callUuid)
        {
            return CallbackOutcome.Refuse(WebhookRejection.MissingField($"{PlivoFields.DialALegUuid}' or '{PlivoFields.CallUuid}"));
        }
        if (ParseAttempt(request.Query[DialPlan.AttemptParameter]) is not { } attempt)
        {
            return CallbackOutcome.Refuse(WebhookRejection.BadRequest(
                $"Query parameter '{DialPlan.AttemptParameter}' must be a whole number from 1 to {plan.AttemptCount}."));
        }

        var record = CallRecord.Create(RecordKind.DialAction, callUuid, RowKey(attempt), time.GetUtcNow(), fields, RecordedFields);
        record[RecordProperties.Attempt] = attempt;
        if (CallRecord.FindOversizedProperty(record) is { } oversized)
        {
            return CallbackOutcome.Refuse(new WebhookRejection(413, $"Field '{oversized}' is too large to store."));
        }

        await store.SaveAsync([new TableWrite(_tableName, record)], cancellationToken);
        metrics.CallbackStored(RecordKind.DialAction, dialStatus);
        Log.DialStatusStored(logger, dialStatus, callUuid, fields.NonEmpty(PlivoFields.DialHangupCause), RecordKind.DialAction, attempt);

        if (dialStatus == CompletedStatus)
        {
            return CallbackOutcome.Reply(plan.CompletedXml);
        }
        return attempt < plan.AttemptCount
            ? CallbackOutcome.Reply(plan.DialXml(publicBaseUrl, attempt + 1))
            : CallbackOutcome.Reply(plan.UnansweredXml);
    }

    /// <summary>One record per Dial attempt, so redeliveries of an attempt's callback replace each other.</summary>
    public static string RowKey(int attempt) => string.Create(CultureInfo.InvariantCulture, $"{RecordKind.DialAction}-{attempt:D2}");

    private int? ParseAttempt(string? value)
    {
        if (value is null)
        {
            return 1;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) && attempt >= 1 && attempt <= plan.AttemptCount
            ? attempt
            : null;
    }
}
