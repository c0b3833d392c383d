using System.Diagnostics;
using System.Xml.Linq;
using Azure.Data.Tables;
using DialStatus.Cli.Reingest;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Faults;

/// <summary>
/// The phone line comes first: the URLs whose reply steers the call (the Dial action, the fallback) answer with
/// their routing XML whatever storage does, within 10 s; the status is still not lost, but held and written as
/// soon as storage answers again, or logged in full when the app must give up on it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RoutingSurvivesStorageTests(AzuriteFixture shared)
{
    /// <summary>Plivo must have the routing XML this soon after sending, whatever storage does.</summary>
    public static readonly TimeSpan RoutesWithin = TimeSpan.FromSeconds(10);

    /// <summary>A held status must be in the table this soon after storage answers again.</summary>
    public static readonly TimeSpan StoredWithin = TimeSpan.FromMinutes(1);

    private const string ALeg = "9a7c0d3e-5b1f-4e2a-8c6d-0f1e2d3c4b5a";
    private const string BLeg = "2f4e6a8c-0b1d-4f3e-9a5c-7e9d1b3f5a7c";

    private static TestRequest DialAction(string query, string dialStatus) =>
        TestRequest.Post("/api/dialstatus/action" + query,
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialStatus", dialStatus), ("DialRingStatus", "true"),
            ("DialHangupCause", dialStatus == "completed" ? "NORMAL_CLEARING" : "NO_ANSWER"),
            ("DialBLegUUID", dialStatus == "completed" ? BLeg : ""), ("From", "+14155550123"), ("To", "+14155550100"));

    private static Dictionary<string, string?> Sequential() => new() { ["Dial:Mode"] = "sequential" };

    private static async Task<(TestResponse Response, TimeSpan Took)> TimedAsync(TestApp app, TestRequest request)
    {
        var clock = Stopwatch.StartNew();
        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, request);
        return (response, clock.Elapsed);
    }

    private static Task<List<TableEntity>> DialActionsAsync(string connectionString, string tableName) =>
        Eventually.HoldsAsync(StoredWithin, async () =>
        {
            var records = (await RecordsTable.ReadAllAsync(connectionString, tableName)).Where(r => r.GetString("RecordKind") == "DialAction").ToList();
            return (records, records.Count >= 2);
        });

    [Fact]
    public async Task With_storage_unreachable_a_sequential_call_reaches_its_next_target_within_10_s()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(), Sequential());

        var (response, took) = await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("sip:alice@phone.plivo.com", response.Xml.Element("Dial")?.Element("User")?.Value);
        Assert.InRange(took, TimeSpan.Zero, RoutesWithin);
    }

    [Fact]
    public async Task With_storage_unreachable_an_unanswered_call_hears_its_message_within_10_s()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(),
            new Dictionary<string, string?> { ["Dial:UnansweredMessage"] = "Nobody is free right now." });

        var (response, took) = await TimedAsync(app, DialAction("?day=2026-11-30", "busy"));

        Assert.Equal("Nobody is free right now.", response.Xml.Element("Speak")?.Value);
        Assert.InRange(took, TimeSpan.Zero, RoutesWithin);
    }

    [Fact]
    public async Task With_storage_slow_the_call_is_routed_within_10_s()
    {
        var slow = new DelayPolicy(TimeSpan.FromSeconds(60));
        await using var app = TestApp.Create(shared.ConnectionString, Sequential(),
            TestApp.WithStoragePolicy(slow));

        var (response, took) = await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        Assert.NotNull(response.Xml.Element("Dial"));
        Assert.InRange(took, TimeSpan.Zero, RoutesWithin);
    }

    [Fact]
    public async Task A_status_storage_does_not_take_within_the_routing_budget_is_held_for_that_reason()
    {
        // Storage's own deadline far beyond the routing budget: only the budget can end the wait this early.
        var settings = new Dictionary<string, string?>(Sequential())
        {
            ["DialStatus:RoutingStorageTimeoutSeconds"] = "1",
            ["DialStatus:StorageTimeoutSeconds"] = "30",
        };
        var slow = new DelayPolicy(TimeSpan.FromSeconds(300));
        await using var app = TestApp.Create(shared.ConnectionString, settings,
            TestApp.WithStoragePolicy(slow));

        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        var held = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3004);
        Assert.Equal("no answer within 1 s", held["Reason"]);
    }

    [Fact]
    public async Task A_held_status_is_counted_by_its_kind()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(), Sequential());
        using var measurements = new AppMeasurements(app);

        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        Assert.Equal(["DialAction"], measurements.Counted("dialstatus.outbox.held", "kind"));
    }

    [Fact]
    public async Task Statuses_routed_while_storage_was_down_are_stored_within_a_minute_of_it_coming_back()
    {
        var port = AzuriteProcess.FreeLoopbackPort();
        await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot, port: port);
        await using var app = TestApp.Create(AzuriteProcess.ConnectionStringFor(port), Sequential());
        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));
        await TimedAsync(app, DialAction("?attempt=2&day=2026-11-30", "completed"));

        await azurite.StartAsync();
        var records = await DialActionsAsync(azurite.ConnectionString, app.TableName);

        Assert.Equal(["DialAction-01", "DialAction-02"], records.Select(r => r.RowKey).Order());
        Assert.Equal(["completed", "no-answer"], records.Select(r => r.GetString("DialStatus")).Order());
        Assert.Equal(2, (await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(app.TableName))).Count);
    }

    [Fact]
    public async Task A_status_held_while_storage_was_slow_is_written_once_storage_is_fast_again()
    {
        var slow = new DelayPolicy(TimeSpan.FromSeconds(60));
        await using var app = TestApp.Create(shared.ConnectionString, Sequential(),
            TestApp.WithStoragePolicy(slow));
        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));
        await TimedAsync(app, DialAction("?attempt=2&day=2026-11-30", "completed"));

        slow.Delay = TimeSpan.Zero;
        var records = await DialActionsAsync(shared.ConnectionString, app.TableName);

        Assert.Equal(["DialAction-01", "DialAction-02"], records.Select(r => r.RowKey).Order());
    }

    [Fact]
    public async Task The_hangup_of_the_same_call_still_gets_503_while_storage_is_down()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString());
        await TimedAsync(app, DialAction("?day=2026-11-30", "busy"));

        var hangup = await app.InvokeAsync(app.Create<HangupFunction>().Run,
            TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg), ("Event", "Hangup"), ("CallStatus", "completed")));

        Assert.Equal(503, hangup.StatusCode);
        Assert.Equal("5", hangup.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task The_fallback_record_is_held_while_storage_is_down_and_written_when_it_comes_back()
    {
        var port = AzuriteProcess.FreeLoopbackPort();
        await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot, port: port);
        await using var app = TestApp.Create(AzuriteProcess.ConnectionStringFor(port));

        var response = await app.InvokeAsync(app.Create<FallbackFunction>().Run, TestRequest.Post("/api/dialstatus/fallback",
            ("CallUUID", ALeg), ("From", "+14155550123"), ("To", "+14155550100"), ("Event", "StartApp")));
        await azurite.StartAsync();
        var records = await Eventually.HoldsAsync(StoredWithin, async () =>
        {
            var all = await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName);
            return (all, all.Count > 0);
        });

        Assert.NotNull(response.Xml.Element("Dial"));
        Assert.Equal("Fallback", Assert.Single(records).RowKey);
    }

    [Fact]
    public async Task Storage_refusing_the_status_still_routes_the_call_and_logs_the_record_in_full()
    {
        await using var app = TestApp.Create(shared.ConnectionString, Sequential(), TestApp.WithStoragePolicy(new CorruptBodyPolicy()));

        var (response, _) = await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        Assert.NotNull(response.Xml.Element("Dial"));
        var abandoned = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3006);
        Assert.Equal(LogLevel.Error, abandoned.Level);
        var record = HeldRecordJson.Read((string)abandoned["HeldRecord"]!);
        Assert.Equal(("no-answer", "+14155550123"), (record.Fields["DialStatus"], record.Fields["From"]));
    }

    [Fact]
    public async Task A_status_storage_refuses_is_counted_as_abandoned_by_its_kind()
    {
        await using var app = TestApp.Create(shared.ConnectionString, Sequential(), TestApp.WithStoragePolicy(new CorruptBodyPolicy()));
        using var measurements = new AppMeasurements(app);

        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        Assert.Equal(["DialAction"], measurements.Counted("dialstatus.outbox.abandoned", "kind"));
    }

    [Fact]
    public async Task Stopping_with_a_backlog_logs_every_held_record_in_full_and_re_ingesting_those_lines_stores_them()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(), Sequential());
        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));
        await TimedAsync(app, DialAction("?attempt=2&day=2026-11-30", "completed"));

        await app.StopAsync(TimeSpan.FromSeconds(3));
        var lines = app.Logs.Entries.Where(e => e.EventId.Id == 3006).Select(e => (string)e["HeldRecord"]!).ToList();
        await using var later = TestApp.Create(shared.ConnectionString);
        var summary = await HeldRecordReingest.ReingestAsync(later.Store, lines, CancellationToken.None);

        Assert.Equal((2, 0), (summary.Written, summary.Failures.Count));
        var records = await RecordsTable.ReadAllAsync(shared.ConnectionString, later.TableName);
        Assert.Equal(["DialAction-01", "DialAction-02"], records.Select(r => r.RowKey).Order());
        Assert.All(records, r => Assert.Equal("2026-11-30", r.GetString("CallDay")));
        Assert.Equal(0, app.Services.GetRequiredService<HeldRecords>().Count);
    }

    [Fact]
    public async Task Held_and_late_written_statuses_are_counted_and_logged()
    {
        var port = AzuriteProcess.FreeLoopbackPort();
        await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot, port: port);
        await using var app = TestApp.Create(AzuriteProcess.ConnectionStringFor(port), Sequential());
        await TimedAsync(app, DialAction("?attempt=1&day=2026-11-30", "no-answer"));

        await azurite.StartAsync();
        await Eventually.HoldsAsync(StoredWithin, () => Task.FromResult((0, app.Logs.Entries.Any(e => e.EventId.Id == 3005))));

        Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 3004 && (string?)e["CallUUID"] == ALeg && e.Level == LogLevel.Warning);
        Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 3005 && (string?)e["CallUUID"] == ALeg);
        Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 1001 && (string?)e["CallUUID"] == ALeg);
        Assert.Equal(0, app.Services.GetRequiredService<HeldRecords>().Count);
    }
}
