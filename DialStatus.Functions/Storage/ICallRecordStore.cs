namespace DialStatus.Functions.Storage;

/// <summary>
/// Durable, idempotent storage of calls. The store alone decides keys, property layout, the day index and size
/// limits; every failure comes back as the <see cref="Outcome"/> that ends the request, never as an exception.
/// </summary>
public interface ICallRecordStore
{
    /// <summary>
    /// Saves one callback's record (and its day-index entry when it is a dial status), replacing any earlier
    /// version with the same keys; succeeds only once everything is durable.
    /// </summary>
    Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken);

    /// <summary>Every record of one call, in no particular order; none for an unknown call.</summary>
    Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken);

    /// <summary>Every dial status filed under one UTC day.</summary>
    Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>Deletes every record of one call and its day-index entries; the number of records it had.</summary>
    Task<Result<int>> DeleteCallAsync(string callUuid, CancellationToken cancellationToken);
}
