using Azure.Data.Tables;

namespace DialStatus.Functions.Storage;

/// <summary>Durable, idempotent storage of call records, and the partition reads the views need.</summary>
public interface ICallRecordStore
{
    /// <summary>
    /// Writes the entities, each replacing any earlier version with the same keys, and returns only
    /// once all are durable. Throws <see cref="StorageUnavailableException"/> when storage fails or is too slow.
    /// </summary>
    Task SaveAsync(IReadOnlyList<TableWrite> writes, CancellationToken cancellationToken);

    /// <summary>Every entity of one partition (none when the table does not exist yet).</summary>
    Task<IReadOnlyList<TableEntity>> ReadPartitionAsync(string tableName, string partitionKey, CancellationToken cancellationToken);
}

/// <summary>One entity for one table.</summary>
public sealed record TableWrite(string TableName, TableEntity Entity);
