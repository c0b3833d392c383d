using System.Collections.Concurrent;
using Azure.Data.Tables;
using DialStatus.Functions;
using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// The store without Table Storage's I/O: the same entities, keys, day index and size limits as the real one (it
/// builds them with the same code), kept in memory. For tests of what a handler decides, and for the benchmarks.
/// </summary>
internal sealed class InMemoryCallRecordStore : ICallRecordStore
{
    private readonly ConcurrentDictionary<(string PartitionKey, string RowKey), TableEntity> _records = new();
    private readonly ConcurrentDictionary<(string PartitionKey, string RowKey), TableEntity> _index = new();

    /// <summary>How many records it holds.</summary>
    public int Count => _records.Count;

    public Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken)
    {
        if (!CallRecordEntity.ForSave(record).TryGet(out var entities, out var refused))
        {
            return Task.FromResult<Result<Stored>>(refused);
        }
        _records[(entities.Record.PartitionKey, entities.Record.RowKey)] = entities.Record;
        _index[(entities.IndexEntry.PartitionKey, entities.IndexEntry.RowKey)] = entities.IndexEntry;
        return Task.FromResult<Result<Stored>>(new Stored());
    }

    public Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken) =>
        Task.FromResult<Result<IReadOnlyList<StoredRecord>>>(RecordsOf(callUuid).Select(CallRecordEntity.ToStoredRecord).ToList());

    public Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken) =>
        Task.FromResult<Result<IReadOnlyList<DayIndexEntry>>>(EntriesOf(day).Where(CallRecordEntity.IsDialStatus).Select(DayIndex.ToEntry).ToList());

    public Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken)
    {
        var bound = DayIndex.PartitionKeysBefore(before);
        var oldest = _index.Keys.Select(key => key.PartitionKey).Where(key => string.CompareOrdinal(key, bound) < 0).Order(StringComparer.Ordinal).FirstOrDefault();
        return Task.FromResult<Result<DateOnly?>>(oldest is null ? (DateOnly?)null : DayIndex.DayOf(oldest));
    }

    public Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken) =>
        Task.FromResult<Result<IReadOnlyList<string>>>(
            EntriesOf(day).Select(entry => entry.GetString(DayIndex.ALegUuidProperty)).OfType<string>().Distinct(StringComparer.Ordinal).ToList());

    public Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken)
    {
        var records = RecordsOf(callUuid);
        // As the table store: erasure also sweeps the day before each entry's, retention the anchor day.
        var swept = anchorDay is { } anchor
            ? [DayIndex.PartitionKey(anchor, DayIndex.ShardOf(callUuid))]
            : DayIndex.DaysBefore(records.Select(record => DayIndex.Locate(record, callUuid)), callUuid);
        foreach (var record in records)
        {
            _index.TryRemove(DayIndex.Locate(record, callUuid), out _);
            _records.TryRemove((record.PartitionKey, record.RowKey), out _);
        }
        foreach (var key in _index.Where(e => swept.Contains(e.Key.PartitionKey) && e.Value.GetString(DayIndex.ALegUuidProperty) == callUuid).Select(e => e.Key))
        {
            _index.TryRemove(key, out _);
        }
        return Task.FromResult<Result<int>>(records.Count);
    }

    /// <summary>
    /// Every record and index entry with its properties (those <paramref name="compared"/> keeps, all by default), in
    /// key order: what two states are compared by.
    /// </summary>
    public IReadOnlyList<string> Snapshot(Func<string, bool>? compared = null) =>
        [.. _records.Select(e => ("records", e.Value)).Concat(_index.Select(e => ("index", e.Value)))
            .Select(e => $"{e.Item1}|{e.Item2.PartitionKey}|{e.Item2.RowKey}|" + string.Join(';', e.Item2
                .Where(p => p.Key != "odata.etag" && (compared?.Invoke(p.Key) ?? true))
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))
            .Order(StringComparer.Ordinal)];

    private List<TableEntity> RecordsOf(string callUuid)
    {
        var partitionKey = TableKeys.Encode(callUuid);
        return [.. _records.Where(e => e.Key.PartitionKey == partitionKey).Select(e => e.Value)];
    }

    private IEnumerable<TableEntity> EntriesOf(DateOnly day)
    {
        var partitions = DayIndex.PartitionKeys(day).ToHashSet(StringComparer.Ordinal);
        return _index.Where(e => partitions.Contains(e.Key.PartitionKey)).Select(e => e.Value);
    }
}
