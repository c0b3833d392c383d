using System.Globalization;
using Azure.Data.Tables;
using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Storage;

/// <summary>
/// The per-day index of calls, in its own table: PartitionKey <c>yyyyMMdd-NN</c> (the call's day, see
/// <see cref="CallbackRecord.CallDay"/>, and one of <see cref="ShardCount"/> shards chosen by a stable hash of the
/// call UUID, so that no single partition takes every write of a busy day). A dial status record has an entry of
/// its own (RowKey = the record's keys), which the report counts; every other record keeps a call marker (RowKey
/// <c>{call}|Call</c>), so that every call, dialled or not, is reachable from its day for retention. A day's
/// report reads exactly that day's shards. See docs/storage.md.
/// </summary>
internal static class DayIndex
{
    public const int ShardCount = 16;

    /// <summary>Appended to the records table's name; leaves the name within Table Storage's 63 characters.</summary>
    public const string TableSuffix = "Daily";

    /// <summary>The properties an index entry copies from its record: what the report shows.</summary>
    private static readonly string[] CopiedProperties =
    [
        PlivoFields.DialStatus, PlivoFields.DialHangupCause, PlivoFields.From, PlivoFields.To,
        RecordProperties.RecordKind, RecordProperties.Attempt, RecordProperties.ReceivedAtUtc,
    ];

    /// <summary>What a call marker keeps: when one of the call's records arrived, nothing a person could be named by.</summary>
    private static readonly string[] MarkerProperties = [RecordProperties.ReceivedAtUtc];

    /// <summary>The A-leg UUID as Plivo sent it (the record's PartitionKey holds the key-safe form).</summary>
    public const string ALegUuidProperty = "ALegUUID";

    /// <summary>The end of a call marker's RowKey, <c>{call}|Call</c>: no record's RowKey is <c>Call</c>.</summary>
    public const string CallMarker = "Call";

    public static string TableName(string recordsTable) => recordsTable + TableSuffix;

    public static string PartitionKey(DateOnly day, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}-{shard:D2}");

    public static IEnumerable<string> PartitionKeys(DateOnly day) =>
        Enumerable.Range(0, ShardCount).Select(shard => PartitionKey(day, shard));

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and releases, unlike string.GetHashCode.</summary>
    public static int ShardOf(string aLegUuid)
    {
        var hash = 2166136261u;
        foreach (var c in aLegUuid)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % ShardCount);
    }

    /// <summary>
    /// The index entry of <paramref name="record"/>: a dial status's own entry with what the report shows, or for any
    /// other record the call's marker, which holds only the call UUID and a receive time. Its keys derive from the
    /// record's, so rewriting it is idempotent.
    /// </summary>
    public static TableEntity EntryFor(TableEntity record, string aLegUuid)
    {
        var (partitionKey, rowKey) = Locate(record, aLegUuid);
        var entry = new TableEntity(partitionKey, rowKey)
        {
            [ALegUuidProperty] = aLegUuid,
        };
        foreach (var name in CallRecordEntity.IsDialStatus(record) ? CopiedProperties : MarkerProperties)
        {
            if (record.TryGetValue(name, out var value))
            {
                entry[name] = value;
            }
        }
        return entry;
    }

    /// <summary>
    /// Where the index entry of a record lives, from the record alone: its call day's shard, and its own keys for a
    /// dial status, else the call's marker (one per call and day, whichever records wrote it).
    /// </summary>
    public static (string PartitionKey, string RowKey) Locate(TableEntity record, string aLegUuid) =>
        (PartitionKey(CallDayOf(record), ShardOf(aLegUuid)),
         TableKeys.Bound($"{record.PartitionKey}|{(CallRecordEntity.IsDialStatus(record) ? record.RowKey : CallMarker)}"));

    /// <summary>
    /// Where an erasure looks for the call's entries besides those its records locate: the call's shard on the day
    /// before each of them. A callback whose URL carries no day (hangup, ring, PHLO) is filed under the day it
    /// arrives, so one redelivered after midnight moved its record on a day and left its entry on the day before.
    /// </summary>
    public static List<string> DaysBefore(IEnumerable<(string PartitionKey, string RowKey)> entries, string aLegUuid) =>
        [.. entries.Select(entry => PartitionKey(DayOf(entry.PartitionKey).AddDays(-1), ShardOf(aLegUuid))).Distinct()];

    /// <summary>
    /// The RowKeys of every index entry of the call in a shard (its dial statuses and its marker) lie in
    /// [<c>{call}|</c>, <c>{call}}</c>): '}' follows '|', and shortening a long RowKey keeps this prefix.
    /// </summary>
    public static (string From, string Before) RowKeyRange(string aLegUuid)
    {
        var partitionKey = TableKeys.Encode(aLegUuid);
        return ($"{partitionKey}|", $"{partitionKey}}}");
    }

    /// <summary>The day of an index PartitionKey (<c>yyyyMMdd-NN</c>).</summary>
    public static DateOnly DayOf(string partitionKey) =>
        DateOnly.ParseExact(partitionKey.AsSpan(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Every index PartitionKey of a day before <paramref name="day"/> sorts below this bound (<c>yyyyMMdd-</c>
    /// is a prefix of the day's own keys), so the key-ordered first entity under it is the oldest day indexed.
    /// </summary>
    public static string PartitionKeysBefore(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"{day:yyyyMMdd}-");

    /// <summary>The record's call day; records written before the app stored it are filed under their receive day.</summary>
    private static DateOnly CallDayOf(TableEntity record)
    {
        if (UtcDay.TryParse(record.GetString(RecordProperties.CallDay), out var callDay))
        {
            return callDay;
        }
        var receivedAt = record.GetDateTimeOffset(RecordProperties.ReceivedAtUtc) ?? throw new InvalidOperationException("A record always has its receive time.");
        return DateOnly.FromDateTime(receivedAt.UtcDateTime);
    }

    public static DayIndexEntry ToEntry(TableEntity entry) => new(
        entry.GetString(ALegUuidProperty) ?? string.Empty,
        entry.GetString(RecordProperties.RecordKind) ?? string.Empty,
        entry.GetString(PlivoFields.DialStatus),
        entry.GetString(PlivoFields.DialHangupCause),
        entry.GetString(PlivoFields.From),
        entry.GetString(PlivoFields.To),
        entry.GetInt32(RecordProperties.Attempt) ?? 1,
        entry.GetDateTimeOffset(RecordProperties.ReceivedAtUtc) ?? DateTimeOffset.MinValue);
}
