using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// Every log line the app writes. The named placeholders become queryable properties in Application
/// Insights (customDimensions), so their names are part of the operator's contract (docs/operations.md).
/// No auth tokens; phone numbers only through <see cref="PhoneNumberMask"/>.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Answered call {CallUUID} from {From} to {To} with a {DialMode} dial of {TargetCount} targets")]
    public static partial void Answered(ILogger logger, string? callUuid, string? from, string? to, string dialMode, int targetCount);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Dial status {DialStatus} stored for call {CallUUID} (hangup cause {DialHangupCause}, kind {RecordKind}, attempt {Attempt}, from {From} to {To})")]
    public static partial void DialStatusStored(ILogger logger, string dialStatus, string callUuid, string? dialHangupCause, string recordKind, int attempt, string? from, string? to);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "{RecordKind} stored for call {CallUUID} (dial action {DialAction}, B leg {DialBLegUUID}, hangup cause {HangupCauseName})")]
    public static partial void CallEventStored(ILogger logger, string recordKind, string callUuid, string? dialAction, string? dialBLegUuid, string? hangupCauseName);


    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning,
        Message = "Refused {Endpoint} request with {StatusCode}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string endpoint, int statusCode, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Signature check failed for {Endpoint}: {Reason}")]
    public static partial void SignatureRejected(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Plivo signature validation is OFF (Plivo:ValidateSignatures=false): anyone who finds the URLs can post statuses. Use this only for local experiments.")]
    public static partial void SignatureValidationDisabled(ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Setting {Setting} had spaces or line breaks around its value; the app uses it without them")]
    public static partial void SettingTrimmed(ILogger logger, string setting);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error,
        Message = "Storage unavailable for call {CallUUID} at {Endpoint}; answered 503 so that Plivo retries: {Reason}")]
    public static partial void StorageUnavailable(ILogger logger, Exception? exception, string? callUuid, string endpoint, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Request for call {CallUUID} at {Endpoint} was aborted (caller gone or host stopping) before it completed")]
    public static partial void RequestAborted(ILogger logger, string? callUuid, string endpoint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error,
        Message = "Table Storage refused the record for call {CallUUID} at {Endpoint}; answered {StatusCode}: {Reason}")]
    public static partial void StorageRejected(ILogger logger, string? callUuid, string endpoint, int statusCode, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "Held back {RecordKind} for call {CallUUID}: storage did not take it in time, so the call was routed and the record will be written when storage answers: {Reason}")]
    public static partial void RecordHeld(ILogger logger, string recordKind, string callUuid, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information,
        Message = "Held-back {RecordKind} for call {CallUUID} written after {HeldSeconds} s")]
    public static partial void HeldRecordWritten(ILogger logger, string recordKind, string callUuid, double heldSeconds);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Error,
        Message = "Held-back record abandoned for call {CallUUID} ({RecordKind}): {Reason}. Re-ingest it from HeldRecord: {HeldRecord}")]
    public static partial void HeldRecordAbandoned(ILogger logger, string callUuid, string recordKind, string reason, string heldRecord);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error,
        Message = "The held-back record writer failed with {HeldRecords} records held; they stay held, and it tries again as when storage is down")]
    public static partial void HeldRecordWriterFailed(ILogger logger, Exception exception, int heldRecords);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error,
        Message = "Unexpected failure for call {CallUUID} at {Endpoint}; answered 500")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception, string? callUuid, string endpoint);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Creating table {TableName}")]
    public static partial void CreatingTable(ILogger logger, string tableName);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information,
        Message = "Retention deleted {CallsDeleted} calls filed before {CutoffDay} and cleared {DaysCleared} days; nothing older is left")]
    public static partial void RetentionFinished(ILogger logger, int callsDeleted, string cutoffDay, int daysCleared);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Retention stopped early after deleting {CallsDeleted} calls filed before {CutoffDay} and clearing {DaysCleared} days: {StoppedEarly}. The next run goes on from the oldest day left")]
    public static partial void RetentionStoppedEarly(ILogger logger, int callsDeleted, string cutoffDay, int daysCleared, string stoppedEarly);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Retention is off (DialStatus:RetentionDays is 0): no records are deleted")]
    public static partial void RetentionOff(ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Erased call {CallUUID} ({RecordCount} records) on request")]
    public static partial void CallErased(ILogger logger, string callUuid, int recordCount);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "DialStatus:RetentionSchedule (DialStatus__RetentionSchedule) is not set, so the Functions host cannot schedule the retention function and no old records are deleted. Calls are unaffected")]
    public static partial void RetentionScheduleMissing(ILogger logger);
}
