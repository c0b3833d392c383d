using System.Text.Json;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Functions;

/// <summary>How a day went: counts per DialStatus and the unanswered calls, read from that day's index partitions only.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DailyReportFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    private readonly SettableTimeProvider _clock = new(Day);
    private readonly RequestRecordingPolicy _storageRequests = new();
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Create(azurite.ConnectionString, configureServices: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
            services.Configure<StoragePipelineOptions>(pipeline => pipeline.PerRetryPolicies.Add(_storageRequests));
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task StoreDialStatusAsync(DateTimeOffset at, string callUuid, string dialStatus, string from = "+14155550123", int attempt = 1)
    {
        _clock.Now = at;
        var response = await _app.InvokeAsync(_app.Create<DialActionFunction>().Run, TestRequest.Post($"/api/dialstatus/action?attempt={attempt}",
            ("DialALegUUID", callUuid), ("DialStatus", dialStatus), ("From", from), ("To", "+14155550100"), ("DialHangupCause", "X")));
        Assert.Equal(200, response.StatusCode);
    }

    private async Task StorePhloStatusAsync(DateTimeOffset at, string callUuid, string node, string dialStatus)
    {
        _clock.Now = at;
        var post = TestRequest.Post($"/api/dialstatus/phlo?node={node}", ("DialALegUUID", callUuid), ("DialStatus", dialStatus), ("From", "+14155550123"));
        var response = await _app.InvokeAsync(_app.Create<PhloFunction>().Run, post with { SigningToken = null });
        Assert.Equal(200, response.StatusCode);
    }

    private async Task<JsonElement> ReportAsync(string query)
    {
        var response = await _app.InvokeAsync(_app.Create<DailyReportFunction>().Run, TestRequest.Get("/api/dialstatus/report" + query) with { SigningToken = null });
        Assert.Equal(200, response.StatusCode);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    private async Task SeedMixedDayWithNeighboursAsync()
    {
        await StoreDialStatusAsync(Day.AddHours(-1), TestCalls.Uuid("yesterday-1"), "busy");
        await StoreDialStatusAsync(Day.AddHours(1), TestCalls.Uuid("call-1"), "completed");
        await StoreDialStatusAsync(Day.AddHours(2), TestCalls.Uuid("call-2"), "completed");
        await StoreDialStatusAsync(Day.AddHours(3), TestCalls.Uuid("call-3"), "busy", from: "+14155550111");
        await StoreDialStatusAsync(Day.AddHours(4), TestCalls.Uuid("call-4"), "no-answer");
        await StoreDialStatusAsync(Day.AddHours(5), TestCalls.Uuid("call-5"), "some-new-status");
        await StoreDialStatusAsync(Day.AddHours(25), TestCalls.Uuid("tomorrow-1"), "no-answer");
    }

    [Fact]
    public async Task The_report_counts_the_days_calls_per_DialStatus_and_ignores_other_days()
    {
        await SeedMixedDayWithNeighboursAsync();

        var report = await ReportAsync("?date=2026-11-26");

        Assert.Equal("2026-11-26", report.GetProperty("date").GetString());
        Assert.Equal(5, report.GetProperty("total").GetInt32());
        var counts = report.GetProperty("byDialStatus").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["busy"] = 1, ["completed"] = 2, ["no-answer"] = 1, ["some-new-status"] = 1 }, counts);
    }

    [Fact]
    public async Task The_report_lists_the_unanswered_calls_with_From_To_status_and_time()
    {
        await SeedMixedDayWithNeighboursAsync();

        var unanswered = (await ReportAsync("?date=2026-11-26")).GetProperty("unanswered").EnumerateArray().ToList();

        Assert.Equal([TestCalls.Uuid("call-3"), TestCalls.Uuid("call-4"), TestCalls.Uuid("call-5")], unanswered.Select(c => c.GetProperty("callUuid").GetString()));
        var busy = unanswered[0];
        Assert.Equal("+14155550111", busy.GetProperty("from").GetString());
        Assert.Equal("+14155550100", busy.GetProperty("to").GetString());
        Assert.Equal("busy", busy.GetProperty("dialStatus").GetString());
        Assert.Equal(Day.AddHours(3), busy.GetProperty("receivedAtUtc").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_report_reads_only_that_days_index_partitions()
    {
        await SeedMixedDayWithNeighboursAsync();
        _storageRequests.Requests.Clear();

        await ReportAsync("?date=2026-11-26");

        var reads = _storageRequests.Requests.ToList();
        var expected = DayIndex.PartitionKeys(DateOnly.FromDateTime(Day.UtcDateTime)).Select(p => $"PartitionKey eq '{p}'").Order();
        Assert.Equal(expected, reads.Select(r => Uri.UnescapeDataString(r.Uri.Query)).Select(FilterOf).Order());
        Assert.All(reads, r => Assert.Contains($"/{DayIndex.TableName(_app.TableName)}()", r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task The_reports_JSON_property_names_are_the_contract()
    {
        await SeedMixedDayWithNeighboursAsync();

        var report = await ReportAsync("?date=2026-11-26");

        Assert.Equal(["date", "total", "byDialStatus", "dialAttempts", "unanswered"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["callUuid", "from", "to", "dialStatus", "dialHangupCause", "receivedAtUtc"],
            report.GetProperty("unanswered")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Every_dial_attempt_of_the_day_is_counted_in_dialAttempts()
    {
        await StoreDialStatusAsync(Day.AddHours(1), TestCalls.Uuid("attempts-1"), "no-answer", attempt: 1);
        await StoreDialStatusAsync(Day.AddHours(1).AddMinutes(1), TestCalls.Uuid("attempts-1"), "completed", attempt: 2);
        await StoreDialStatusAsync(Day.AddHours(2), TestCalls.Uuid("attempts-2"), "busy");

        var report = await ReportAsync("?date=2026-11-26");

        Assert.Equal((2, 3), (report.GetProperty("total").GetInt32(), report.GetProperty("dialAttempts").GetInt32()));
    }

    [Fact]
    public async Task A_call_whose_every_Dial_went_unanswered_is_reported_with_its_last_Dials_status()
    {
        var call = TestCalls.Uuid("unanswered-twice");
        await StoreDialStatusAsync(Day.AddHours(1).AddMinutes(1), call, "no-answer", attempt: 2);
        await StoreDialStatusAsync(Day.AddHours(1), call, "busy", attempt: 1);

        var unanswered = Assert.Single((await ReportAsync("?date=2026-11-26")).GetProperty("unanswered").EnumerateArray());

        Assert.Equal("no-answer", unanswered.GetProperty("dialStatus").GetString());
    }

    [Fact]
    public async Task A_PHLO_call_answered_at_one_node_is_completed_though_a_later_node_went_unanswered()
    {
        var call = TestCalls.Uuid("phlo-answered-first");
        await StorePhloStatusAsync(Day.AddHours(1), call, "forward-office", "completed");
        await StorePhloStatusAsync(Day.AddHours(1).AddMinutes(5), call, "forward-mobile", "no-answer");

        var report = await ReportAsync("?date=2026-11-26");

        Assert.Equal(1, report.GetProperty("byDialStatus").GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task A_PHLO_call_no_node_answered_is_reported_with_the_status_of_its_latest_node()
    {
        // The later node's key sorts first, so the order read from storage is not the order of the statuses.
        var call = TestCalls.Uuid("phlo-unanswered");
        await StorePhloStatusAsync(Day.AddHours(1), call, "z-forward-office", "no-answer");
        await StorePhloStatusAsync(Day.AddHours(1).AddMinutes(1), call, "a-forward-mobile", "busy");

        var unanswered = Assert.Single((await ReportAsync("?date=2026-11-26")).GetProperty("unanswered").EnumerateArray());

        Assert.Equal("busy", unanswered.GetProperty("dialStatus").GetString());
    }

    [Fact]
    public async Task A_redelivered_status_is_counted_once()
    {
        await StoreDialStatusAsync(Day.AddHours(1), TestCalls.Uuid("call-1"), "busy");
        await StoreDialStatusAsync(Day.AddHours(1).AddSeconds(5), TestCalls.Uuid("call-1"), "busy");

        var report = await ReportAsync("?date=2026-11-26");

        Assert.Equal(1, report.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_sequential_call_that_runs_past_midnight_counts_once_on_the_day_it_was_answered_as_completed()
    {
        const string callUuid = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
        await using var app = TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["Dial:Mode"] = "sequential" },
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        async Task<string> NextActionAsync(DateTimeOffset at, TestRequest request, Func<TestRequest, Task<TestResponse>> post)
        {
            _clock.Now = at;
            var response = await post(request);
            Assert.Equal(200, response.StatusCode);
            return (string)response.Xml.Element("Dial")?.Attribute("action")! ?? string.Empty;
        }
        TestRequest Action(string url, string dialStatus) =>
            TestRequest.Post(new Uri(url).PathAndQuery, ("DialALegUUID", callUuid), ("DialStatus", dialStatus), ("From", "+14155550123"));
        Task<TestResponse> Answer(TestRequest r) => app.InvokeAsync(app.Create<AnswerFunction>().Run, r);
        Task<TestResponse> Report(TestRequest r) => app.InvokeAsync(app.Create<DialActionFunction>().Run, r);

        var first = await NextActionAsync(Day.AddSeconds(-50), TestRequest.Post("/api/dialstatus", ("CallUUID", callUuid)), Answer);
        var second = await NextActionAsync(Day.AddSeconds(-20), Action(first, "no-answer"), Report);
        _clock.Now = Day.AddSeconds(25);
        Assert.Equal(200, (await Report(Action(second, "completed"))).StatusCode);

        var dayBefore = await ReportOfAsync(app, "?date=2026-11-25");
        var dayAfter = await ReportOfAsync(app, "?date=2026-11-26");
        Assert.Equal((1, 1, 0), (dayBefore.GetProperty("total").GetInt32(), dayBefore.GetProperty("byDialStatus").GetProperty("completed").GetInt32(),
            dayBefore.GetProperty("unanswered").GetArrayLength()));
        Assert.Equal(0, dayAfter.GetProperty("total").GetInt32());
    }

    private static async Task<JsonElement> ReportOfAsync(TestApp app, string query)
    {
        var response = await app.InvokeAsync(app.Create<DailyReportFunction>().Run, TestRequest.Get("/api/dialstatus/report" + query) with { SigningToken = null });
        return JsonDocument.Parse(response.Body).RootElement;
    }

    [Fact]
    public async Task The_report_counts_dial_statuses_only_not_a_call_that_never_reached_a_Dial_nor_the_markers_of_calls()
    {
        var calls = new PlayedCalls(_app, _clock);
        await calls.DialledAsync("7d8e9f0a-0c4c-4a4b-9d7e-2f7f5e0c1a11", Day.AddHours(1));
        await calls.DiallessAsync("8e9f0a1b-0c4c-4a4b-9d7e-2f7f5e0c1a12", Day.AddHours(2));

        var report = await ReportAsync("?date=2026-11-26");

        Assert.Equal((1, 1), (report.GetProperty("total").GetInt32(), report.GetProperty("dialAttempts").GetInt32()));
    }

    [Fact]
    public async Task Without_a_date_the_report_is_for_today_UTC()
    {
        await StoreDialStatusAsync(Day.AddHours(10), TestCalls.Uuid("call-today"), "completed");

        var report = await ReportAsync("");

        Assert.Equal("2026-11-26", report.GetProperty("date").GetString());
        Assert.Equal(1, report.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_day_without_calls_reports_zero()
    {
        var report = await ReportAsync("?date=2020-01-01");

        Assert.Equal(0, report.GetProperty("total").GetInt32());
        Assert.Empty(report.GetProperty("unanswered").EnumerateArray());
    }

    [Theory]
    [InlineData("26-11-2026")]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    public async Task A_malformed_date_is_a_400(string date)
    {
        var response = await _app.InvokeAsync(_app.Create<DailyReportFunction>().Run, TestRequest.Get($"/api/dialstatus/report?date={date}") with { SigningToken = null });

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("date", response.Body);
    }

    private static string FilterOf(string query) =>
        query.TrimStart('?').Split('&').Single(p => p.StartsWith("$filter=", StringComparison.Ordinal))["$filter=".Length..];
}
