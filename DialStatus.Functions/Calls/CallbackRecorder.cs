using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>Stores one callback's record, then counts and logs it: the one way every handler records.</summary>
public sealed class CallbackRecorder(
    ICallRecordStore store, DialStatusMetrics metrics, PhoneNumberMask phoneNumbers, ILogger<CallbackRecorder> logger)
{
    /// <summary>An empty <c>&lt;Response/&gt;</c>: the reply to URLs whose reply steers nothing.</summary>
    public static Outcome Acknowledged { get; } = new Outcome.Xml(new PlivoResponse().ToXml());

    /// <summary>Stores the record and acknowledges it: the whole job of a notify-only URL.</summary>
    public Task<Outcome> RecordAndAcknowledgeAsync(CallbackRecord record, CancellationToken cancellationToken) =>
        RecordAsync(record, Acknowledged, cancellationToken);

    /// <summary><paramref name="reply"/> once the record is durable; otherwise the outcome that says why it is not.</summary>
    public async Task<Outcome> RecordAsync(CallbackRecord record, Outcome reply, CancellationToken cancellationToken)
    {
        if (!(await store.SaveAsync(record, cancellationToken)).TryGet(out _, out var failed))
        {
            return failed;
        }

        var dialStatus = record.DialStatus;
        metrics.CallbackStored(record.Key.Kind, dialStatus);
        var fields = record.Fields;
        if (dialStatus is not null)
        {
            Log.DialStatusStored(logger, dialStatus, record.CallUuid, fields.NonEmpty(PlivoFields.DialHangupCause), record.Key.Kind,
                record.Attempt ?? 1, phoneNumbers.ForLog(fields[PlivoFields.From]), phoneNumbers.ForLog(fields[PlivoFields.To]));
        }
        else
        {
            Log.CallEventStored(logger, record.Key.Kind, record.CallUuid,
                fields.NonEmpty(PlivoFields.DialAction), fields.NonEmpty(PlivoFields.DialBLegUuid),
                fields.NonEmpty(PlivoFields.HangupCauseName) ?? fields.NonEmpty(PlivoFields.DialBLegHangupCauseName));
        }
        return reply;
    }
}
