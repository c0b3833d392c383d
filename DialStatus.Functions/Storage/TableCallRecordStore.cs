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

    public Task SaveAsync(IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken) =>
        // Different tables cannot share a transaction; the writes are idempotent, so run them together
        // and report success only when every one of them has landed.
        WithinDeadlineAsync(DialStatusMetrics.Write, deadline =>
        {
            var upserts = new Task[writes.Count];
            for (var i = 0; i < upserts.Length; i++)
            {
                upserts[i] = UpsertAsync(writes[i], deadline);
            }
            return Task.WhenAll(upserts);
        }, cancellationToken);

    public Task<IReadOnlyList<TableEntity>> ReadPartitionAsync(string tableName, string partitionKey, CancellationToken cancellationToken) =>
        WithinDeadlineAsync<IReadOnlyList<TableEntity>>(DialStatusMetrics.Read, async deadline =>
        {
            var entities = new List<TableEntity>();
            try
            {
                await foreach (var entity in Table(tableName).QueryAsync<TableEntity>(e => e.PartitionKey == partitionKey, cancellationToken: deadline))
                {
                    entities.Add(entity);
                }
            }
            catch (RequestFailedException e) when (e.ErrorCode == TableErrorCode.TableNotFound.ToString())
            {
                // Nothing has been written yet.
            }
            return entities;
        }, cancellationToken);

    private Task WithinDeadlineAsync(string measuredAs, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        WithinDeadlineAsync<object?>(measuredAs, async deadline =>
        {
            await operation(deadline);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Runs one storage operation within the storage budget, measured as <paramref name="measuredAs"/> (write or
    /// read), and turns every storage failure into one exception type.
    /// </summary>
    private async Task<T> WithinDeadlineAsync<T>(string measuredAs, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var started = time.GetTimestamp();
        try
        {
            var result = await operation(deadline.Token);
            metrics.RecordStorageLatency(time.GetElapsedTime(started), measuredAs, succeeded: true);
            return result;
        }
        catch (RequestFailedException e) when (e.Status is 400 or 413)
        {
            metrics.RecordStorageLatency(time.GetElapsedTime(started), measuredAs, succeeded: false);
            throw new StorageRejectedException($"Table Storage refused the record: HTTP {e.Status} {e.ErrorCode}.", e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsStorageFailure(e))
        {
            metrics.RecordStorageLatency(time.GetElapsedTime(started), measuredAs, succeeded: false);
            var reason = e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s" : Describe(e);
            throw new StorageUnavailableException($"Table Storage is unavailable: {reason}.", e);
        }
    }

    private TableClient Table(string name) => _tables.GetOrAdd(name, static (tableName, serviceClient) => serviceClient.GetTableClient(tableName), service);

    private async Task UpsertAsync(TableWrite write, CancellationToken cancellationToken)
    {
        var table = Table(write.TableName);
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
