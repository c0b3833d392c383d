using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Pages;

/// <summary>The day page at the edges: calls decided after the midnight of their day, and the calendar's own ends.</summary>
public sealed class DayPageEdgeTests : IAsyncLifetime
{
    private const string LateCall = "6e2a4c8f-1b3d-4e5f-9a7c-0d2e4f6a8b1c";

    private readonly SettableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 0, 5, 30, TimeSpan.Zero));
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = TestApp.CreateInMemory(configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        // Answered on the 26th (the day travels in the Dial's URL), its Dial ended unanswered five minutes into the 27th.
        var response = await _app.InvokeAsync(_app.Create<DialActionFunction>().Run, TestRequest.Post("/api/dialstatus/action?day=2026-11-26",
            ("CallUUID", LateCall), ("DialALegUUID", LateCall), ("DialStatus", "no-answer"), ("DialBLegUUID", ""), ("From", "+14155550123"), ("To", "+14155550100")));
        Assert.Equal(200, response.StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(int StatusCode, IHtmlDocument Page)> DayPageAsync(string date)
    {
        var response = await _app.InvokeAsync(_app.Create<DashboardFunction>().Run, TestRequest.Get("/api/dialstatus/dashboard?date=" + date));
        return (response.StatusCode, new HtmlParser().ParseDocument(response.Body));
    }

    [Fact]
    public async Task A_call_decided_after_midnight_counts_in_a_row_of_its_own_not_in_an_hour_of_its_day()
    {
        var (_, page) = await DayPageAsync("2026-11-26");

        var row = Assert.Single(page.QuerySelectorAll("#per-hour tbody tr"));
        Assert.Equal(["Decided after midnight", "1", "1"], row.Children.Select(cell => cell.TextContent));
        Assert.Empty(page.QuerySelectorAll("#chart rect"));
    }

    [Fact]
    public async Task An_unanswered_call_decided_after_midnight_shows_its_date_with_its_time()
    {
        var (_, page) = await DayPageAsync("2026-11-26");

        Assert.Equal("2026-11-27 00:05:30", page.QuerySelector("#unanswered tbody time")!.TextContent);
    }

    [Theory]
    [InlineData("0001-01-01", "prev")]
    [InlineData("9999-12-31", "next")]
    public async Task The_calendars_first_and_last_days_show_without_a_link_past_them(string date, string missingLink)
    {
        var (status, page) = await DayPageAsync(date);

        Assert.Equal(200, status);
        Assert.Null(page.QuerySelector($"a[rel={missingLink}]"));
        Assert.Single(page.QuerySelectorAll("nav a[rel]"));
    }
}
