using DialStatus.Functions;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Calls;

/// <summary>
/// A retention run that cannot go on stops, and says why in its log line (event 4001), whichever step failed: the
/// seek for the oldest day, the read of that day's calls, a day whose entries name no call, or a delete that storage,
/// the host or the call itself stopped. The next run goes on from the oldest day left.
/// </summary>
public sealed class RetentionFailureTests
{
    private static readonly DateTimeOffset Today = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OldCallAt = new(2026, 10, 2, 14, 0, 0, TimeSpan.Zero);
    private const string OldCall = "0a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a01";
    private const string Unavailable = "Table Storage is unavailable: HTTP 503 ServerBusy.";

    private readonly SettableTimeProvider _clock = new(Today);

    [Fact]
    public async Task A_seek_for_the_oldest_day_that_storage_does_not_answer_stops_the_run_with_storages_reason()
    {
        var run = await RunRetentionAsync(new FaultingRetentionStore { Seek = new Outcome.StorageUnavailable(Unavailable) });

        Assert.Equal((0, Unavailable), run);
    }

    [Fact]
    public async Task A_day_whose_calls_storage_does_not_return_stops_the_run_with_storages_reason()
    {
        var run = await RunRetentionAsync(new FaultingRetentionStore { ReadDay = new Outcome.StorageUnavailable(Unavailable) });

        Assert.Equal((0, Unavailable), run);
    }

    [Fact]
    public async Task A_day_whose_entries_name_no_call_stops_the_run_rather_than_seeking_the_same_day_again()
    {
        var run = await RunRetentionAsync(new FaultingRetentionStore { ReadDay = (Result<IReadOnlyList<string>>)Array.Empty<string>() });

        Assert.Equal((0, "the day index holds no call of 2026-10-02 to delete"), run);
    }

    [Fact]
    public async Task The_host_stopping_during_a_delete_stops_the_run_saying_so()
    {
        var run = await RunRetentionAsync(new FaultingRetentionStore { Delete = new Outcome.Aborted() });

        Assert.Equal((0, "the host is stopping"), run);
    }

    [Fact]
    public async Task A_call_still_receiving_callbacks_stops_the_run_with_the_stores_words_for_it()
    {
        const string StillArriving = "Call is still receiving callbacks.";

        var run = await RunRetentionAsync(new FaultingRetentionStore { Delete = new Outcome.Refused(Refusal.Conflict, StillArriving) });

        Assert.Equal((0, StillArriving), run);
    }

    /// <summary>Plays one old call into an app over <paramref name="store"/>, runs retention, and returns what its stop line said.</summary>
    private async Task<(int CallsDeleted, string StoppedEarly)> RunRetentionAsync(FaultingRetentionStore store)
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["DialStatus:RetentionDays"] = "30" }, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
            services.Replace(ServiceDescriptor.Singleton<ICallRecordStore>(store));
        });
        await new PlayedCalls(app, _clock).DialledAsync(OldCall, OldCallAt);
        _clock.Now = Today;

        await app.Create<RetentionJob>().RunAsync(CancellationToken.None);

        var stopped = Assert.Single(app.Logs.Entries, entry => entry.EventId.Id is 4000 or 4001);
        Assert.Equal(4001, stopped.EventId.Id);
        Assert.NotEmpty((await store.Inner.ReadCallAsync(OldCall, CancellationToken.None)).Value);
        return ((int)stopped["CallsDeleted"]!, (string)stopped["StoppedEarly"]!);
    }

    /// <summary><see cref="InMemoryCallRecordStore"/> with one of retention's steps ended by a given outcome (or result).</summary>
    private sealed class FaultingRetentionStore : ICallRecordStore
    {
        public InMemoryCallRecordStore Inner { get; } = new();

        public Outcome? Seek { get; init; }

        public Result<IReadOnlyList<string>>? ReadDay { get; init; }

        public Outcome? Delete { get; init; }

        public Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken) => Inner.SaveAsync(record, cancellationToken);

        public Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken) => Inner.ReadCallAsync(callUuid, cancellationToken);

        public Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken) => Inner.ReadDayAsync(day, cancellationToken);

        public Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken) =>
            Seek is { } ended ? Task.FromResult<Result<DateOnly?>>(ended) : Inner.FindOldestDayAsync(before, cancellationToken);

        public Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken) =>
            ReadDay is { } scripted ? Task.FromResult(scripted) : Inner.ReadDayCallsAsync(day, cancellationToken);

        public Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken) =>
            Delete is { } ended ? Task.FromResult<Result<int>>(ended) : Inner.DeleteCallAsync(callUuid, anchorDay, cancellationToken);
    }
}
