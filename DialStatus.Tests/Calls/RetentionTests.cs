using System.Globalization;
using Azure.Data.Tables;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Options;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Calls;

/// <summary>
/// The retention function against real storage, with a clock the test sets: calls filed before the retention period
/// go with every record and index entry, dialled or not; the rest stay; a run is bounded, idempotent, and leaves
/// every remaining call reachable when it stops early.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetentionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>With 30 days' retention the first day kept is 2026-10-31.</summary>
    private static readonly DateTimeOffset Today = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset CutoffDay = new(2026, 10, 31, 0, 0, 0, TimeSpan.Zero);

    private const string OldDialled = "0a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a01";
    private const string OldDialless = "0a1b2c3d-2222-4e5f-8a9b-0c1d2e3f4a02";
    private const string DayBeforeCutoff = "0a1b2c3d-3333-4e5f-8a9b-0c1d2e3f4a03";
    private const string OnCutoffDay = "0a1b2c3d-4444-4e5f-8a9b-0c1d2e3f4a04";
    private const string Yesterday = "0a1b2c3d-5555-4e5f-8a9b-0c1d2e3f4a05";

    private static readonly string[] OldCalls = [OldDialled, OldDialless, DayBeforeCutoff];
    private static readonly string[] RecentCalls = [OnCutoffDay, Yesterday];

    private readonly SettableTimeProvider _clock = new(Today);
    private readonly RequestRecordingPolicy _storageRequests = new();
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = CreateApp();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private TestApp CreateApp(string retentionDays = "30", int? callsPerRun = null, FaultPolicy? fault = null) =>
        TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["DialStatus:RetentionDays"] = retentionDays }, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
            services.Configure<StoragePipelineOptions>(pipeline =>
            {
                pipeline.PerRetryPolicies.Add(_storageRequests);
                if (fault is not null)
                {
                    pipeline.PerRetryPolicies.Add(fault);
                }
            });
            if (callsPerRun is { } bound)
            {
                services.Configure<DialStatusOptions>(options => options.RetentionCallsPerRun = bound);
            }
        });

    /// <summary>Old and recent calls, dialled and dial-less, on both sides of the cutoff day.</summary>
    private async Task SeedAsync(TestApp app)
    {
        var calls = new PlayedCalls(app, _clock);
        await calls.DialledAsync(OldDialled, new DateTimeOffset(2026, 10, 2, 14, 0, 0, TimeSpan.Zero));
        await calls.DiallessAsync(OldDialless, new DateTimeOffset(2026, 10, 2, 15, 0, 0, TimeSpan.Zero));
        await calls.DialledAsync(DayBeforeCutoff, CutoffDay.AddHours(-2));
        await calls.DialledAsync(OnCutoffDay, CutoffDay.AddHours(2));
        await calls.DiallessAsync(Yesterday, Today.AddDays(-1));
    }

    private async Task RunRetentionAsync(TestApp app)
    {
        _clock.Now = Today;
        await app.Create<RetentionFunction>().Run(new TimerInfo(), CancellationToken.None);
    }

    private Task<List<TableEntity>> RecordsAsync(TestApp app) => RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName);

    private Task<List<TableEntity>> IndexAsync(TestApp app) => RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(app.TableName));

    private static HashSet<string> CallsOf(IEnumerable<TableEntity> records) => [.. records.Select(r => r.PartitionKey)];

    private static HashSet<string> CallsIndexed(IEnumerable<TableEntity> entries) => [.. entries.Select(e => e.GetString(DayIndex.ALegUuidProperty))];

    /// <summary>The keys of every record and index entry of <paramref name="calls"/>, in order.</summary>
    private async Task<List<(string, string)>> KeysOfAsync(TestApp app, string[] calls) =>
        [.. (await RecordsAsync(app)).Where(r => calls.Contains(r.PartitionKey))
            .Concat((await IndexAsync(app)).Where(e => calls.Contains(e.GetString(DayIndex.ALegUuidProperty))))
            .Select(e => (e.PartitionKey, e.RowKey)).Order()];

    private static IEnumerable<LogCapture.LogEntry> Runs(TestApp app) => app.Logs.Entries.Where(e => e.EventId.Id is 4000 or 4001);

    [Fact]
    public async Task Calls_filed_before_the_retention_period_lose_every_record_and_index_entry_dialled_or_not()
    {
        await SeedAsync(_app);

        await RunRetentionAsync(_app);

        Assert.Empty(CallsOf(await RecordsAsync(_app)).Intersect(OldCalls));
        Assert.Empty(CallsIndexed(await IndexAsync(_app)).Intersect(OldCalls));
    }

    [Fact]
    public async Task Calls_filed_on_the_cutoff_day_or_later_keep_every_record_and_index_entry()
    {
        await SeedAsync(_app);
        var before = await KeysOfAsync(_app, RecentCalls);

        await RunRetentionAsync(_app);

        Assert.Equal(PlayedCalls.DialledRecords + PlayedCalls.DialledIndexEntries + PlayedCalls.DiallessRecords + PlayedCalls.DiallessIndexEntries, before.Count);
        Assert.Equal(before, await KeysOfAsync(_app, RecentCalls));
    }

    [Fact]
    public async Task A_call_answered_before_midnight_and_hung_up_after_goes_whole_with_its_marker_on_the_next_day()
    {
        var calls = new PlayedCalls(_app, _clock);
        await calls.DialledAsync(DayBeforeCutoff, CutoffDay.AddSeconds(-40), hangupAfter: TimeSpan.FromMinutes(2));
        var nextDayMarker = (DayIndex.PartitionKey(DateOnly.FromDateTime(CutoffDay.UtcDateTime), DayIndex.ShardOf(DayBeforeCutoff)), $"{DayBeforeCutoff}|{DayIndex.CallMarker}");
        Assert.Contains(nextDayMarker, (await IndexAsync(_app)).Select(e => (e.PartitionKey, e.RowKey)));

        await RunRetentionAsync(_app);

        Assert.Empty((await RecordsAsync(_app)).Concat(await IndexAsync(_app)));
    }

    [Fact]
    public async Task A_second_run_deletes_nothing_more()
    {
        await SeedAsync(_app);
        await RunRetentionAsync(_app);
        var afterFirst = (await RecordsAsync(_app)).Concat(await IndexAsync(_app)).Select(e => (e.PartitionKey, e.RowKey)).Order().ToList();

        await RunRetentionAsync(_app);

        Assert.Equal(afterFirst, (await RecordsAsync(_app)).Concat(await IndexAsync(_app)).Select(e => (e.PartitionKey, e.RowKey)).Order().ToList());
        Assert.Equal([3, 0], Runs(_app).Select(e => (int)e["CallsDeleted"]!));
    }

    [Fact]
    public async Task A_run_logs_the_calls_it_deleted_and_the_days_it_cleared_and_counts_each_call_as_retention()
    {
        await SeedAsync(_app);
        using var deleted = new CallsDeletedCounter(_app);

        await RunRetentionAsync(_app);

        var run = Assert.Single(Runs(_app));
        Assert.Equal((4000, 3, 2, "2026-10-31"), (run.EventId.Id, (int)run["CallsDeleted"]!, (int)run["DaysCleared"]!, (string)run["CutoffDay"]!));
        Assert.Equal([(DialStatusMetrics.Retention, 3L)], deleted.ByReason);
    }

    [Fact]
    public async Task A_run_stops_at_its_bound_and_the_next_runs_go_on_until_nothing_old_is_left()
    {
        await using var app = CreateApp(callsPerRun: 2);
        await SeedAsync(app);

        await RunRetentionAsync(app);
        var leftAfterFirst = CallsOf(await RecordsAsync(app)).Intersect(OldCalls).Count();
        await RunRetentionAsync(app);
        await RunRetentionAsync(app);

        Assert.Equal(1, leftAfterFirst);
        Assert.Equal([(4001, 2), (4000, 1), (4000, 0)], Runs(app).Select(e => (e.EventId.Id, (int)e["CallsDeleted"]!)));
        Assert.Contains("at most 2 calls", (string)Runs(app).First()["StoppedEarly"]!);
        Assert.Equal(RecentCalls.Order(), CallsOf(await RecordsAsync(app)).Order());
        Assert.Equal(RecentCalls.Order(), CallsIndexed(await IndexAsync(app)).Order());
    }

    [Fact]
    public async Task A_bound_equal_to_the_oldest_days_calls_clears_that_day_before_the_run_stops()
    {
        await using var app = CreateApp(callsPerRun: 2);
        await SeedAsync(app);

        await RunRetentionAsync(app);

        var run = Assert.Single(Runs(app));
        Assert.Equal((4001, 2, 1), (run.EventId.Id, (int)run["CallsDeleted"]!, (int)run["DaysCleared"]!));
    }

    public static TheoryData<string> FailingDeletes => ["records", "anchor day's index entries"];

    [Theory]
    [MemberData(nameof(FailingDeletes))]
    public async Task A_storage_failure_midway_leaves_each_old_call_reachable_from_its_day_and_the_next_run_finishes(string failing)
    {
        var tableName = "T" + Guid.NewGuid().ToString("N");
        var answeredOn = new Dictionary<string, DateTimeOffset>
        {
            [OldDialled] = new(2026, 10, 2, 14, 0, 0, TimeSpan.Zero),
            // Its hangup lands on the cutoff day: a marker on a day other than its own.
            [DayBeforeCutoff] = CutoffDay.AddSeconds(-40),
        };
        string DayKey(string call) => answeredOn[call].ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var fault = failing == "records"
            ? FaultPolicy.Deletes(tableName)
            : FaultPolicy.Deletes(DayIndex.TableName(tableName), partitionKeyPrefix: DayKey(DayBeforeCutoff));
        fault.On = false;
        await using var app = TestApp.Create(azurite.ConnectionString,
            new Dictionary<string, string?> { ["DialStatus:RetentionDays"] = "30", ["DialStatus:TableName"] = tableName }, services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
                services.Configure<StoragePipelineOptions>(pipeline => pipeline.PerRetryPolicies.Add(fault));
            });
        var calls = new PlayedCalls(app, _clock);
        await calls.DialledAsync(OldDialled, answeredOn[OldDialled]);
        await calls.DialledAsync(DayBeforeCutoff, answeredOn[DayBeforeCutoff], hangupAfter: TimeSpan.FromMinutes(2));
        await calls.DiallessAsync(Yesterday, Today.AddDays(-1));

        fault.On = true;
        await RunRetentionAsync(app);
        var index = await IndexAsync(app);
        var leftOver = CallsOf(await RecordsAsync(app)).Union(CallsIndexed(index)).Intersect(answeredOn.Keys).ToList();
        fault.On = false;
        await RunRetentionAsync(app);

        Assert.True(fault.Failed > 0, "the fault never fired");
        Assert.Equal([4001, 4000], Runs(app).Select(e => e.EventId.Id));
        Assert.NotEmpty(leftOver);
        Assert.All(leftOver, call => Assert.Contains(index, e =>
            e.GetString(DayIndex.ALegUuidProperty) == call && e.PartitionKey.StartsWith(DayKey(call), StringComparison.Ordinal)));
        Assert.Equal([Yesterday], CallsOf(await RecordsAsync(app)));
        Assert.Equal([Yesterday], CallsIndexed(await IndexAsync(app)));
    }

    [Fact]
    public async Task With_RetentionDays_0_a_run_deletes_nothing_and_says_retention_is_off()
    {
        await using var app = CreateApp(retentionDays: "0");
        await SeedAsync(app);
        var before = (await RecordsAsync(app)).Concat(await IndexAsync(app)).Count();

        await RunRetentionAsync(app);

        Assert.Equal(before, (await RecordsAsync(app)).Concat(await IndexAsync(app)).Count());
        Assert.Equal([4002], app.Logs.Entries.Where(e => e.EventId.Id >= 4000 && e.EventId.Id < 4004).Select(e => e.EventId.Id));
    }

    [Fact]
    public async Task A_run_reads_the_records_table_one_call_at_a_time_and_never_scans_it()
    {
        await SeedAsync(_app);
        _storageRequests.Requests.Clear();

        await RunRetentionAsync(_app);

        var queries = _storageRequests.Requests.Where(r => r.Method == "GET").Select(r => Uri.UnescapeDataString(r.Uri.PathAndQuery)).ToList();
        var recordQueries = queries.Where(q => q.Contains($"/{_app.TableName}()", StringComparison.Ordinal)).ToList();
        // Two reads of each old call's partition: the pass that deletes its records, and the pass that finds none left.
        Assert.Equal(2 * OldCalls.Length, recordQueries.Count);
        Assert.Equal(OldCalls.Length, recordQueries.Distinct().Count());
        Assert.All(recordQueries, q => Assert.Matches(@"\$filter=PartitionKey eq '[^']+'(&|$)", q));
    }
}
