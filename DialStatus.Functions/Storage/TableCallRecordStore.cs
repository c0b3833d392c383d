using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Identity;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Storage;

/// <summary>
/// Calls in Azure Table Storage: one partition per call in the records table, and the day index beside it.
/// Writes replace (a redelivery leaves one record, never a merge of two). Tables are created on first use,
/// when a write finds them missing, so start-up never touches storage and a deleted table comes back.
/// </summary>
internal sealed class TableCallRecordStore(
    TableServiceClient service,
    IOptions<DialStatusOptions> options,
    DialStatusMetrics metrics,
    TimeProvider time,
    ILogger<TableCallRecordStore> logger) : ICallRecordStore
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.StorageTimeoutSeconds);
    private readonly string _recordsTable = options.Value.TableName;
    private readonly string _indexTable = DayIndex.TableName(options.Value.TableName);
    private readonly ConcurrentDictionary<string, TableClient> _tables = new(StringComparer.Ordinal);

    public Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken)
    {
        if (!CallRecordEntity.ForSave(record).TryGet(out var entities, out var refused))
        {
            return Task.FromResult<Result<Stored>>(refused);
        }
        var (entity, indexEntry) = entities;

        // Different tables cannot share a transaction. The index entry is written after its record, so a record that
        // is stored always has its entry or is about to get it: an erasure or a retention run racing this save either
        // sees the record and deletes both, or finishes before the entry lands and leaves a pair retention finds
        // (docs/storage.md). Both writes are idempotent; the save succeeds only when both have landed.
        return WithinDeadlineAsync(DialStatusMetrics.Write, async deadline =>
        {
            await UpsertAsync(_recordsTable, entity, deadline);
            await UpsertAsync(_indexTable, indexEntry, deadline);
            return new Stored();
        }, cancellationToken);
    }

    public Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken) =>
        WithinDeadlineAsync<IReadOnlyList<StoredRecord>>(DialStatusMetrics.Read, async deadline =>
            [.. (await ReadPartitionAsync(_recordsTable, TableKeys.Encode(callUuid), deadline)).Select(CallRecordEntity.ToStoredRecord)],
            cancellationToken);

    public Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken) =>
        WithinDeadlineAsync<IReadOnlyList<DayIndexEntry>>(DialStatusMetrics.Read, async deadline =>
        {
            var shards = await Task.WhenAll(DayIndex.PartitionKeys(day).Select(partition => ReadPartitionAsync(_indexTable, partition, deadline)));
            return [.. shards.SelectMany(shard => shard).Where(CallRecordEntity.IsDialStatus).Select(DayIndex.ToEntry)];
        }, cancellationToken);

    public Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken) =>
        WithinDeadlineAsync(DialStatusMetrics.Read, async deadline =>
        {
            // The index's PartitionKeys start with their day, and Table Storage returns entities in key order: the
            // first entity below the bound is the oldest day's, found with one $top=1 query on the index table.
            var oldest = await QueryAsync(_indexTable, TableClient.CreateQueryFilter($"PartitionKey lt {DayIndex.PartitionKeysBefore(before)}"),
                deadline, [nameof(TableEntity.PartitionKey)], first: 1);
            return oldest.Count == 0 ? (DateOnly?)null : DayIndex.DayOf(oldest[0].PartitionKey);
        }, cancellationToken);

    public Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken) =>
        WithinDeadlineAsync<IReadOnlyList<string>>(DialStatusMetrics.Read, async deadline =>
        {
            var shards = await Task.WhenAll(DayIndex.PartitionKeys(day).Select(partition =>
                QueryAsync(_indexTable, PartitionFilter(partition), deadline, [DayIndex.ALegUuidProperty])));
            return [.. shards.SelectMany(shard => shard).Select(entry => entry.GetString(DayIndex.ALegUuidProperty)).OfType<string>().Distinct(StringComparer.Ordinal)];
        }, cancellationToken);

    public async Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken)
    {
        // Callbacks may still arrive while a call is deleted: each pass deletes what it read, and the call is gone
        // only when a pass finds no record left. A record written meanwhile keeps its index entry (the entry is
        // written after it), so whatever a pass misses stays reachable for the next pass or for retention.
        var deleted = 0;
        for (var pass = 1; pass <= MaxDeletePasses; pass++)
        {
            if (!(await WithinDeadlineAsync(DialStatusMetrics.Delete, deadline => DeletePassAsync(callUuid, anchorDay, deadline), cancellationToken))
                .TryGet(out var records, out var failed))
            {
                return failed;
            }
            if (records == 0)
            {
                return deleted;
            }
            deleted += records;
        }
        return new Outcome.Refused(Refusal.Conflict,
            $"Call '{callUuid}' is still receiving callbacks: new records arrived during each of {MaxDeletePasses} passes. Every record left is reachable from the day index; delete the call again once it has ended.");
    }

    /// <summary>How many passes a delete makes before it leaves a call whose records keep arriving to a later request.</summary>
    private const int MaxDeletePasses = 5;

    /// <summary>Deletes the records one read of the call's partition finds, and their index entries; how many records that was.</summary>
    private async Task<int> DeletePassAsync(string callUuid, DateOnly? anchorDay, CancellationToken deadline)
    {
        var records = await ReadPartitionAsync(_recordsTable, TableKeys.Encode(callUuid), deadline);
        var entries = records.Select(record => DayIndex.Locate(record, callUuid)).Distinct().ToList();
        if (anchorDay is not { } anchor)
        {
            foreach (var partition in DayIndex.DaysBefore(entries, callUuid))
            {
                entries.AddRange(await CallEntriesInAsync(partition, callUuid, deadline));
            }
            await DeleteAllAsync(_indexTable, entries.Distinct(), deadline);
            await DeleteAllAsync(_recordsTable, records.Select(record => (record.PartitionKey, record.RowKey)), deadline);
            return records.Count;
        }
        var anchorPartition = DayIndex.PartitionKey(anchor, DayIndex.ShardOf(callUuid));
        await DeleteAllAsync(_indexTable, entries.Where(entry => entry.PartitionKey != anchorPartition), deadline);
        await DeleteAllAsync(_recordsTable, records.Select(record => (record.PartitionKey, record.RowKey)), deadline);
        // Every entry of the call on the anchor day, found in its shard rather than from its records, so that
        // entries an earlier, interrupted run left without their records go too.
        await DeleteAllAsync(_indexTable, await CallEntriesInAsync(anchorPartition, callUuid, deadline), deadline);
        return records.Count;
    }

    /// <summary>The keys of every index entry of the call in one index partition, found by the call's key range.</summary>
    private async Task<List<(string PartitionKey, string RowKey)>> CallEntriesInAsync(string partition, string callUuid, CancellationToken deadline)
    {
        var (from, before) = DayIndex.RowKeyRange(callUuid);
        var entries = await QueryAsync(_indexTable,
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {before}"), deadline,
            [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey), DayIndex.ALegUuidProperty]);
        return [.. entries.Where(entry => entry.GetString(DayIndex.ALegUuidProperty) == callUuid).Select(entry => (entry.PartitionKey, entry.RowKey))];
    }

    /// <summary>
    /// Runs one storage operation within the storage budget, measured as <paramref name="measuredAs"/> (write or
    /// read), and turns every storage failure into the outcome it means for the request. The one place storage
    /// exceptions are caught.
    /// </summary>
    private async Task<Result<T>> WithinDeadlineAsync<T>(string measuredAs, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var started = time.GetTimestamp();
        Outcome failure;
        try
        {
            var result = await operation(deadline.Token);
            metrics.RecordStorageLatency(time.GetElapsedTime(started), measuredAs, succeeded: true);
            return result;
        }
        catch (RequestFailedException e) when (e.Status is 400 or 413)
        {
            // Retrying the same record cannot help; "too large" is a 413 wherever it is found.
            failure = new Outcome.Refused(e.Status == 413 ? Refusal.TooLarge : Refusal.StorageRefused,
                $"Table Storage refused the record: HTTP {e.Status} {e.ErrorCode}. Nothing was stored.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            failure = new Outcome.Aborted();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            var reason = e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s" : Describe(e);
            failure = new Outcome.StorageUnavailable($"Table Storage is unavailable: {reason}.", e);
        }
        metrics.RecordStorageLatency(time.GetElapsedTime(started), measuredAs, succeeded: false);
        return failure;
    }

    private TableClient Table(string name) => _tables.GetOrAdd(name, static (tableName, serviceClient) => serviceClient.GetTableClient(tableName), service);

    private static string PartitionFilter(string partitionKey) => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");

    private Task<List<TableEntity>> ReadPartitionAsync(string tableName, string partitionKey, CancellationToken cancellationToken) =>
        QueryAsync(tableName, PartitionFilter(partitionKey), cancellationToken);

    /// <summary>The entities matching <paramref name="filter"/> in key order (only <paramref name="first"/> of them when given); none when the table does not exist yet.</summary>
    private async Task<List<TableEntity>> QueryAsync(
        string tableName, string filter, CancellationToken cancellationToken, IEnumerable<string>? select = null, int? first = null)
    {
        var entities = new List<TableEntity>();
        try
        {
            await foreach (var entity in Table(tableName).QueryAsync<TableEntity>(filter, first, select, cancellationToken))
            {
                entities.Add(entity);
                if (entities.Count == first)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == TableErrorCode.TableNotFound.ToString())
        {
            // Nothing has been written yet.
        }
        return entities;
    }

    private async Task UpsertAsync(string tableName, TableEntity entity, CancellationToken cancellationToken)
    {
        var table = Table(tableName);
        try
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == TableErrorCode.TableNotFound.ToString())
        {
            Log.CreatingTable(logger, tableName);
            await table.CreateIfNotExistsAsync(cancellationToken);
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private Task DeleteAllAsync(string tableName, IEnumerable<(string PartitionKey, string RowKey)> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Select(key => DeleteIfExistsAsync(tableName, key.PartitionKey, key.RowKey, cancellationToken)));

    private async Task DeleteIfExistsAsync(string tableName, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await Table(tableName).DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone (or its table was never created): deleting is idempotent.
        }
    }

    /// <summary>Failures a later retry can get past: outages, throttling, timeouts, and identity (token) errors.</summary>
    private static bool IsStorageFailure(Exception e) =>
        e is RequestFailedException or OperationCanceledException or HttpRequestException or IOException or AggregateException
            or AuthenticationFailedException;

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status} {failed.ErrorCode}",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions[^1]),
        _ => e.GetType().Name,
    };
}
