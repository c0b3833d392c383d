using System.Collections.Concurrent;
using Azure.Data.Tables;
using DialStatus.Functions.Storage;

namespace DialStatus.Benchmarks;

/// <summary>Table Storage without the I/O: what is left of a callback's cost is ours.</summary>
public sealed class InMemoryCallRecordStore : ICallRecordStore
{
    private readonly ConcurrentDictionary<(string Table, string PartitionKey, string RowKey), TableEntity> _entities = new();

    public int Count => _entities.Count;

    public Task SaveAsync(IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < writes.Count; i++)
        {
            var entity = writes[i].Entity;
            _entities[(writes[i].TableName, entity.PartitionKey, entity.RowKey)] = entity;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TableEntity>> ReadPartitionAsync(string tableName, string partitionKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TableEntity>>(
            [.. _entities.Where(e => e.Key.Table == tableName && e.Key.PartitionKey == partitionKey).Select(e => e.Value)]);
}
