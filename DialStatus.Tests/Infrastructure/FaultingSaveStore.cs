using DialStatus.Functions;
using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// <see cref="InMemoryCallRecordStore"/> with faults injected into its saves: each save first asks the fault, given
/// the save's number (from 1) and the record; an outcome ends the save there (a throw is a bug in the store), null
/// lets the save through. Reads are never faulted.
/// </summary>
internal sealed class FaultingSaveStore(Func<int, CallbackRecord, Outcome?> fault) : ICallRecordStore
{
    private int _saves;

    public InMemoryCallRecordStore Inner { get; } = new();

    public Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken) =>
        fault(Interlocked.Increment(ref _saves), record) is { } ended
            ? Task.FromResult<Result<Stored>>(ended)
            : Inner.SaveAsync(record, cancellationToken);

    public Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken) => Inner.ReadCallAsync(callUuid, cancellationToken);

    public Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken) => Inner.ReadDayAsync(day, cancellationToken);

    public Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken) => Inner.FindOldestDayAsync(before, cancellationToken);

    public Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken) => Inner.ReadDayCallsAsync(day, cancellationToken);

    public Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken) =>
        Inner.DeleteCallAsync(callUuid, anchorDay, cancellationToken);
}
