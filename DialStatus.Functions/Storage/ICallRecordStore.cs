namespace DialStatus.Functions.Storage;

/// <summary>
/// Durable, idempotent storage of calls. The store alone decides keys, property layout, the day index and size
/// limits; every failure comes back as the <see cref="Outcome"/> that ends the request, never as an exception.
/// </summary>
public interface ICallRecordStore
{
    /// <summary>
    /// Saves one callback's record and its day-index entry (a dial status's own, or the call's marker), replacing
    /// any earlier version with the same keys; succeeds only once everything is durable.
    /// </summary>
    Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken);

    /// <summary>Every record of one call, in no particular order; none for an unknown call.</summary>
    Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken);

    /// <summary>Every dial status filed under one UTC day (call markers are not dial statuses).</summary>
    Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>The oldest UTC day before <paramref name="before"/> that the day index still holds; null when there is none.</summary>
    Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken);

    /// <summary>Every call the day index reaches from one UTC day, dialled or not, each once.</summary>
    Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every record of one call and every day-index entry of it; the number of records it had. In an order
    /// that a failure midway leaves nothing unreachable, so that repeating the call finishes the job: without
    /// <paramref name="anchorDay"/> (erasure on request) the index entries go first, then the records, since a
    /// repeated erasure finds the call by its records; with it (retention, which finds calls from that day) the
    /// entries on other days go first, then the records, and the call's entries on the anchor day last, every one
    /// of them, so that the next run finds the call there again, even once its records are gone.
    /// </summary>
    Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken);
}
