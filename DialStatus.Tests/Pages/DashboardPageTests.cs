using System.Text.Json;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Pages;

/// <summary>
/// The dashboard's two pages over real HTTP (the app in Kestrel, routed from functions.metadata) against
/// records played in through the webhook routes: what a day and a call show, where their links lead, and that
/// they read exactly what the JSON endpoints read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardPageTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private const string Key = DashboardScenario.FunctionKey;
    private static readonly string KeyQuery = "code=" + Uri.EscapeDataString(Key);

    private readonly FunctionHost _host = app.Host;
    private readonly SettableTimeProvider _clock = app.Clock;
    private readonly RequestRecordingPolicy _storageRequests = app.StorageRequests;

    private Task<HtmlPage> PageAsync(string pathAndQuery) => HtmlPage.GetAsync(_host.Client, pathAndQuery);

    private Task<HtmlPage> DayPageAsync(string date = "2026-11-26") => PageAsync($"/api/dialstatus/dashboard?date={date}&{KeyQuery}");

    private Task<HtmlPage> CallPageAsync(string callUuid) => PageAsync($"/api/dialstatus/dashboard/calls/{Uri.EscapeDataString(callUuid)}?{KeyQuery}");

    [Fact]
    public async Task The_day_page_totals_the_days_calls_by_outcome()
    {
        using var page = await DayPageAsync();

        Assert.Equal(200, page.StatusCode);
        Assert.Equal(
            [["busy", "1"], ["completed", "4"], ["failed", "1"], ["no-answer", "1"]],
            page.BodyRows("#totals"));
        Assert.Equal("7", page.Single("#totals tfoot td").TextContent);
        Assert.Contains("8", page.Single("#dial-attempts").TextContent);
    }

    [Fact]
    public async Task The_day_page_shows_the_same_figures_as_the_JSON_report()
    {
        using var page = await DayPageAsync();
        using var json = await _host.Client.GetAsync("/api/dialstatus/report?date=2026-11-26");
        var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;

        var byDialStatus = report.GetProperty("byDialStatus").EnumerateObject().Select(p => new[] { p.Name, p.Value.GetInt32().ToString() });
        Assert.Equal(byDialStatus, page.BodyRows("#totals"));
        Assert.Equal(report.GetProperty("total").GetInt32().ToString(), page.Single("#totals tfoot td").TextContent);
        Assert.Equal(
            report.GetProperty("unanswered").EnumerateArray().Select(c => c.GetProperty("callUuid").GetString()),
            page.BodyRows("#unanswered").Select(row => row[5]));
    }

    [Fact]
    public async Task Calls_per_hour_count_each_call_in_the_UTC_hour_of_its_entry_by_outcome()
    {
        using var page = await DayPageAsync();

        Assert.Equal(["Hour (UTC)", "busy", "completed", "failed", "no-answer", "All"],
            page.Document.QuerySelectorAll("#per-hour thead th").Select(th => th.TextContent));
        Assert.Equal(
        [
            ["08:00–09:00", "0", "1", "0", "0", "1"],
            ["09:00–10:00", "1", "1", "0", "0", "2"],
            ["11:00–12:00", "0", "0", "0", "1", "1"],
            ["14:00–15:00", "0", "1", "0", "0", "1"],
            ["16:00–17:00", "0", "0", "1", "0", "1"],
            ["23:00–00:00", "0", "1", "0", "0", "1"],
        ], page.BodyRows("#per-hour"));
    }

    [Fact]
    public async Task The_chart_draws_one_bar_segment_per_hour_and_outcome_titled_with_its_figure()
    {
        using var page = await DayPageAsync();

        var chart = page.Single("svg#chart");
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Equal(page.Single("#chart-title").TextContent, Assert.Single(chart.Children, c => c.LocalName == "title").TextContent);
        Assert.Equal(
        [
            "08:00–09:00 UTC, completed: 1", "09:00–10:00 UTC, busy: 1", "09:00–10:00 UTC, completed: 1",
            "11:00–12:00 UTC, no-answer: 1", "14:00–15:00 UTC, completed: 1", "16:00–17:00 UTC, failed: 1",
            "23:00–00:00 UTC, completed: 1",
        ], chart.QuerySelectorAll(":scope > rect > title").Select(t => t.TextContent));
    }

    [Fact]
    public async Task Unanswered_calls_show_time_from_to_status_and_cause_and_link_to_their_call_page_with_the_key()
    {
        using var page = await DayPageAsync();

        Assert.Equal(
        [
            ["09:40:10", "+14155550111", "+14155550100", "busy", "USER_BUSY", DashboardScenario.Busy],
            ["11:15:30", "+14155550142", "+14155550100", "no-answer", "NO_ANSWER", DashboardScenario.NoAnswer],
            ["16:20:00", "+14155550177", "+14155550100", "failed", "UNALLOCATED_NUMBER", DashboardScenario.Failed],
        ], page.BodyRows("#unanswered"));
        Assert.Equal("2026-11-26T09:40:10Z", page.Document.QuerySelector("#unanswered tbody time")!.GetAttribute("datetime"));
        var link = page.Document.QuerySelector("#unanswered tbody tr a")!;
        Assert.Equal($"/api/dialstatus/dashboard/calls/{DashboardScenario.Busy}?{KeyQuery}", page.Target(link));
    }

    [Fact]
    public async Task The_day_page_links_the_previous_and_next_days_and_its_JSON_keeping_the_key()
    {
        using var page = await DayPageAsync();

        Assert.Equal($"/api/dialstatus/dashboard?date=2026-11-25&{KeyQuery}", page.Target(page.Single("a[rel=prev]")));
        Assert.Equal($"/api/dialstatus/dashboard?date=2026-11-27&{KeyQuery}", page.Target(page.Single("a[rel=next]")));
        Assert.Equal($"/api/dialstatus/report?date=2026-11-26&{KeyQuery}", page.Target(page.Single("footer a")));
        var form = page.Single("form");
        Assert.Equal(("get", "/api/dialstatus/dashboard"), (form.GetAttribute("method"), page.Target(form.GetAttribute("action")!)));
        Assert.Equal(Key, page.Single("form input[name=code]").GetAttribute("value"));
        Assert.Equal("2026-11-26", page.Single("form input[name=date]").GetAttribute("value"));
    }

    [Fact]
    public async Task Dates_and_times_are_labelled_UTC()
    {
        using var page = await DayPageAsync();

        Assert.EndsWith("(UTC)", page.Single("h1").TextContent);
        Assert.Contains("(UTC)", page.Single("#per-hour-heading").TextContent);
        Assert.Equal("Time (UTC)", page.Document.QuerySelector("#unanswered thead th")!.TextContent);
    }

    [Fact]
    public async Task Without_a_date_the_day_page_shows_today_UTC()
    {
        _clock.Now = new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.FromHours(-5));

        using var page = await PageAsync("/api/dialstatus/dashboard");

        Assert.Equal("Calls on Friday 27 November 2026 (UTC)", page.Single("h1").TextContent);
    }

    [Fact]
    public async Task A_day_without_calls_says_so_and_still_links_its_neighbours()
    {
        using var page = await DayPageAsync("2020-02-29");

        Assert.Equal(200, page.StatusCode);
        Assert.NotNull(page.Document.QuerySelector("#no-calls"));
        Assert.Null(page.Document.QuerySelector("table"));
        Assert.Equal($"/api/dialstatus/dashboard?date=2020-03-01&{KeyQuery}", page.Target(page.Single("a[rel=next]")));
    }

    [Fact]
    public async Task Without_a_key_in_the_URL_links_carry_none()
    {
        using var page = await PageAsync("/api/dialstatus/dashboard?date=2026-11-26");

        Assert.Equal("/api/dialstatus/dashboard?date=2026-11-25", page.Target(page.Single("a[rel=prev]")));
        Assert.Empty(page.Document.QuerySelectorAll("input[name=code]"));
    }

    [Fact]
    public async Task The_day_page_reads_only_that_days_index_partitions()
    {
        _storageRequests.Requests.Clear();

        using var page = await DayPageAsync();

        Assert.Equal(200, page.StatusCode);
        var expected = DayIndex.PartitionKeys(DashboardScenario.Day).Select(p => $"PartitionKey eq '{p}'").Order();
        Assert.Equal(expected, _storageRequests.Requests.Select(r => FilterOf(r.Uri)).Order());
        Assert.All(_storageRequests.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task The_call_page_reads_only_that_calls_partition()
    {
        _storageRequests.Requests.Clear();

        using var page = await CallPageAsync(DashboardScenario.Answered);

        Assert.Equal(200, page.StatusCode);
        var read = Assert.Single(_storageRequests.Requests);
        Assert.Equal($"PartitionKey eq '{DashboardScenario.Answered}'", FilterOf(read.Uri));
    }

    [Fact]
    public async Task The_call_page_shows_the_timeline_in_order_with_kind_status_leg_and_cause()
    {
        using var page = await CallPageAsync(DashboardScenario.Answered);

        Assert.Contains(DashboardScenario.Answered, page.Single("h1").TextContent);
        var rows = page.BodyRows("#timeline");
        Assert.Equal(["DialEvent", "DialAction", "Hangup"], rows.Select(r => r[1]));
        Assert.Equal(["2026-11-26 08:12:05", "2026-11-26 08:12:06", "2026-11-26 08:12:07"], rows.Select(r => r[0]));
        Assert.Equal(["answer", "completed", "completed"], rows.Select(r => r[2]));
        Assert.Equal([$"B leg +14155550188 {DashboardScenario.AnsweredLeg}", $"B leg {DashboardScenario.AnsweredLeg}", "A leg"], rows.Select(r => r[3]));
        Assert.Equal(["", "NORMAL_CLEARING", "Normal Hangup"], rows.Select(r => r[4]));
    }

    [Fact]
    public async Task The_call_page_names_who_called_whom()
    {
        using var page = await CallPageAsync(DashboardScenario.Answered);

        var facts = page.Document.QuerySelectorAll("#facts dt").Zip(page.Document.QuerySelectorAll("#facts dd"), (dt, dd) => (dt.TextContent, dd.TextContent));
        Assert.Equal([("From", "+14155550123"), ("To", "+14155550100"), ("Records", "3")], facts);
    }

    [Fact]
    public async Task Each_events_raw_parameters_are_folded_away_exactly_as_sent()
    {
        using var page = await CallPageAsync(DashboardScenario.Answered);

        var details = page.Document.QuerySelectorAll("#timeline > tbody > tr details");
        Assert.Equal(3, details.Length);
        Assert.All(details, d => Assert.False(d.HasAttribute("open")));
        var hangup = details[2].QuerySelectorAll("tr").Select(tr => (tr.Children[0].TextContent, tr.Children[1].TextContent));
        Assert.Equal(
        [
            ("CallUUID", DashboardScenario.Answered), ("Event", "Hangup"), ("CallStatus", "completed"), ("HangupCauseName", "Normal Hangup"),
            ("HangupCause", "NORMAL_CLEARING"), ("Duration", "42"), ("From", "+14155550123"), ("To", "+14155550100"),
        ], hangup);
        Assert.Equal("Parameters (8)", details[2].QuerySelector("summary")!.TextContent);
    }

    [Fact]
    public async Task A_call_dialled_in_sequence_shows_every_Dial()
    {
        using var page = await CallPageAsync(DashboardScenario.Sequential);

        Assert.Equal([["DialAction", "no-answer"], ["DialAction", "completed"]], page.BodyRows("#timeline").Select(r => r[1..3]));
    }

    [Fact]
    public async Task The_call_page_links_its_day_and_its_JSON_keeping_the_key()
    {
        using var page = await CallPageAsync(DashboardScenario.Busy);

        Assert.Equal($"/api/dialstatus/dashboard?date=2026-11-26&{KeyQuery}", page.Target(page.Single("a[rel=up]")));
        Assert.Equal($"/api/dialstatus/calls/{DashboardScenario.Busy}?{KeyQuery}", page.Target(page.Single("footer a")));
    }

    [Fact]
    public async Task An_unknown_call_is_a_404_page_leading_back_to_today()
    {
        using var page = await CallPageAsync("no-such-call");

        Assert.Equal(404, page.StatusCode);
        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-such-call", page.Single("#reason").TextContent);
        Assert.Equal($"/api/dialstatus/dashboard?{KeyQuery}", page.Target(page.Single("main a")));
    }

    [Theory]
    [InlineData("26-11-2026")]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    public async Task A_malformed_date_is_a_400_page_naming_the_parameter(string date)
    {
        using var page = await DayPageAsync(date);

        Assert.Equal(400, page.StatusCode);
        Assert.Equal("text/html", page.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'date'", page.Single("#reason").TextContent);
    }

    [Theory]
    [InlineData("/api/dialstatus/dashboard?date=2026-11-26")]
    [InlineData("/api/dialstatus/dashboard/calls/any-call")]
    public async Task With_storage_unreachable_the_pages_answer_503_with_Retry_After(string pathAndQuery)
    {
        await using var host = await FunctionHost.StartAsync(TestApp.DefaultSettings(AzuriteProcess.UnreachableConnectionString()));

        using var response = await host.Client.GetAsync(pathAndQuery);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    private static string FilterOf(Uri uri) =>
        Uri.UnescapeDataString(uri.Query).TrimStart('?').Split('&').Single(p => p.StartsWith("$filter=", StringComparison.Ordinal))["$filter=".Length..];
}
