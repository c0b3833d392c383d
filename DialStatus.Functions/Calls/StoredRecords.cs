using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>
/// Counts and logs a record that is now durable, the same way whether the callback's own request stored it
/// (<see cref="CallbackRecorder"/>) or the outbox wrote it later (<see cref="HeldRecords"/>).
/// </summary>
public sealed class StoredRecords(DialStatusMetrics metrics, PhoneNumberMask phoneNumbers, ILogger<StoredRecords> logger)
{
    public void Count(CallbackRecord record)
    {
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
    }
}
