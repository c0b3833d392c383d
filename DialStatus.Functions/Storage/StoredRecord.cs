namespace DialStatus.Functions.Storage;

/// <summary>One record of a call, as read back.</summary>
/// <param name="Kind">The <see cref="RecordKind"/>.</param>
/// <param name="RowKey">Its key within the call.</param>
/// <param name="ReceivedAtUtc">When this app received the callback.</param>
/// <param name="Properties">Plivo's fields kept under their own names, and <c>Attempt</c>: every property but the bookkeeping ones.</param>
/// <param name="RawParameters">Every parameter of the callback as a JSON object.</param>
public sealed record StoredRecord(
    string Kind, string RowKey, DateTimeOffset? ReceivedAtUtc, IReadOnlyDictionary<string, object> Properties, string? RawParameters);

/// <summary>One dial status in the day index: what a day's report shows of it.</summary>
/// <param name="CallUuid">The A leg's UUID, as Plivo sent it.</param>
public sealed record DayIndexEntry(
    string CallUuid, string Kind, string? DialStatus, string? DialHangupCause, string? From, string? To, int Attempt, DateTimeOffset ReceivedAtUtc);

/// <summary>A save that succeeded: every table involved has the record.</summary>
public readonly record struct Stored;
