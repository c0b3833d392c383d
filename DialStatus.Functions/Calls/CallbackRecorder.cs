using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>What to store for one callback.</summary>
/// <param name="Kind">The <see cref="RecordKind"/>.</param>
/// <param name="CallUuid">The A leg's UUID: the call's partition.</param>
/// <param name="RowKey">Deterministic from the event, so a redelivery replaces its own record.</param>
/// <param name="Fields">The callback's parameters.</param>
/// <param name="FieldNames">Plivo fields copied to properties under their own names.</param>
/// <param name="Attempt">The Dial attempt, for dial status records.</param>
public sealed record CallbackRecord(
    string Kind, string CallUuid, string RowKey, PlivoParameters Fields, IReadOnlyList<string> FieldNames, int? Attempt = null);

/// <summary>
/// Stores one callback as a record in the call's partition, plus a day-index entry when it is a Dial attempt's
/// outcome (Dial action, PHLO), and returns only once both are durable.
/// </summary>
public sealed class CallbackRecorder(
    ICallRecordStore store,
    IOptions<DialStatusOptions> options,
    DialStatusMetrics metrics,
    PhoneNumberMask phoneNumbers,
    TimeProvider time,
    ILogger<CallbackRecorder> logger)
{
    private readonly string _recordsTable = options.Value.TableName;
    private readonly string _indexTable = DayIndex.TableName(options.Value.TableName);

    /// <summary>Stores the callback and acknowledges it with an empty Response: the reply of notify-only URLs.</summary>
    public async Task<CallbackOutcome> RecordAndAcknowledgeAsync(CallbackRecord callback, CancellationToken cancellationToken) =>
        await RecordAsync(callback, cancellationToken) is { } refused ? CallbackOutcome.Refuse(refused) : CallbackOutcome.Acknowledged;

    /// <summary>Null once stored; a rejection when the callback cannot be stored as sent (too large).</summary>
    public async Task<WebhookRejection?> RecordAsync(CallbackRecord callback, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var record = CallRecord.Create(callback.Kind, callback.CallUuid, TableKeys.Bound(callback.RowKey), receivedAt, callback.Fields, callback.FieldNames);
        if (callback.Attempt is { } attempt)
        {
            record[RecordProperties.Attempt] = attempt;
        }
        if (CallRecord.FindOversizedProperty(record) is { } oversized)
        {
            return new WebhookRejection(StatusCodes.Status413PayloadTooLarge, $"Field '{oversized}' is too large to store.");
        }

        // Only a Dial's outcome (the Dial action, a PHLO post: the records that count an attempt) is a dial
        // status; a DialStatus field sent to another URL stays in that record's RawParameters.
        var dialStatus = callback.Attempt is null ? null : callback.Fields.NonEmpty(PlivoFields.DialStatus);
        TableWrite[] writes = dialStatus is null
            ? [new(_recordsTable, record)]
            : [new(_recordsTable, record), new(_indexTable, DayIndex.EntryFor(record, callback.CallUuid, receivedAt))];
        await store.SaveAsync(writes, cancellationToken);

        metrics.CallbackStored(callback.Kind, dialStatus);
        if (dialStatus is not null)
        {
            Log.DialStatusStored(logger, dialStatus, callback.CallUuid, callback.Fields.NonEmpty(PlivoFields.DialHangupCause), callback.Kind,
                callback.Attempt ?? 1, phoneNumbers.ForLog(callback.Fields[PlivoFields.From]), phoneNumbers.ForLog(callback.Fields[PlivoFields.To]));
        }
        else
        {
            Log.CallEventStored(logger, callback.Kind, callback.CallUuid,
                callback.Fields.NonEmpty(PlivoFields.DialAction), callback.Fields.NonEmpty(PlivoFields.DialBLegUuid),
                callback.Fields.NonEmpty(PlivoFields.HangupCauseName) ?? callback.Fields.NonEmpty(PlivoFields.DialBLegHangupCauseName));
        }
        return null;
    }
}
