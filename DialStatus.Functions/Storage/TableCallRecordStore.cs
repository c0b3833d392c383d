using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Storage;

/// <summary>
/// Writes records to Azure Table Storage with replace semantics (a redelivery leaves one record, never
/// a merge of two). Tables are created on first use, when a write finds them missing, so start-up
/// never touches storage and a deleted table comes back.
/// </summary>
public sealed class TableCallRecordStore(
    TableServiceClient service,
    IOptions<DialStatusOptions> options,
    DialStatusMetrics metrics,
    TimeProvider time,
    ILogger<TableCallRecordStore> logger) : ICallRecordStore
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.StorageTimeoutSeconds);
    private readonly ConcurrentDictionary<string, TableClient> _tables = new(StringComparer.Ordinal);

    public async Task SaveAsync(IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var started = time.GetTimestamp();
        try
        {
            // Different tables cannot share a transaction; the writes are idempotent, so run them
            // together and report success only when every one of them has landed.
            await Task.WhenAll(writes.Select(write => UpsertAsync(write, deadline.Token)));
            metrics.RecordStorageLatency(time.GetElapsedTime(started), succeeded: true);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsStorageFailure(e))
        {
            metrics.RecordStorageLatency(time.GetElapsedTime(started), succeeded: false);
            var reason = e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s" : Describe(e);
            throw new StorageUnavailableException($"Table Storage is unavailable: {reason}.", e);
        }
    }

    private async Task UpsertAsync(TableWrite write, CancellationToken cancellationToken)
    {
        var table = _tables.GetOrAdd(write.TableName, service.GetTableClient);
        try
        {
            await table.UpsertEntityAsync(write.Entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == TableErrorCode.TableNotFound.ToString())
        {
            Log.CreatingTable(logger, write.TableName);
            await table.CreateIfNotExistsAsync(cancellationToken);
            await table.UpsertEntityAsync(write.Entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static bool IsStorageFailure(Exception e) =>
        e is RequestFailedException or OperationCanceledException or HttpRequestException or IOException or AggregateException;

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status} {failed.ErrorCode}",
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Describe(aggregate.InnerExceptions[^1]),
        _ => e.GetType().Name,
    };
}
