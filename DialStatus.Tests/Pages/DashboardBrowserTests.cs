using System.Text.RegularExpressions;
using DialStatus.Tests.Infrastructure;
using Microsoft.Playwright;
using static DialStatus.Tests.Pages.DashboardScenario;
using static Microsoft.Playwright.Assertions;

namespace DialStatus.Tests.Pages;

/// <summary>
/// The dashboard in a real browser: Chromium loads the pages from the app served over real HTTP (Kestrel,
/// routed from functions.metadata) with calls played in, and the test checks what a person sees. Its screenshots
/// go to the test output; with <c>DIALSTATUS_SCREENSHOTS=docs</c> they replace the README's in docs/screenshots.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture app, Chromium chromium) : IClassFixture<DashboardFixture>, IClassFixture<Chromium>
{
    private static readonly string KeyQuery = "code=" + Uri.EscapeDataString(FunctionKey);

    private string Url(string pathAndQuery) => new Uri(app.Host.Client.BaseAddress!, pathAndQuery).ToString();

    private static string Screenshot(string name)
    {
        // A test run leaves the source tree as it found it, unless asked to refresh the README's pictures.
        var folder = Environment.GetEnvironmentVariable("DIALSTATUS_SCREENSHOTS") == "docs"
            ? Path.Combine(TestPaths.RepositoryRoot, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    [Fact]
    public async Task A_person_reads_the_day_follows_an_unanswered_call_and_reads_its_timeline_without_JavaScript()
    {
        await using var browser = await chromium.NewContextAsync(javaScriptEnabled: false, width: 1100, height: 800);
        var page = await browser.NewPageAsync();
        var problems = Watch(page);

        await page.GotoAsync(Url($"/api/dialstatus/dashboard?date=2026-11-26&{KeyQuery}"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Calls on Thursday 26 November 2026 (UTC)");
        var totals = page.GetByRole(AriaRole.Table, new() { Name = "Totals by outcome" });
        foreach (var (outcome, calls) in new[] { ("busy", "1"), ("completed", "4"), ("failed", "1"), ("no-answer", "1") })
        {
            await Expect(totals.Locator("tbody tr", new() { HasText = outcome }).Locator("td")).ToHaveTextAsync(calls);
        }
        await Expect(totals.Locator("tfoot td")).ToHaveTextAsync("7");
        var bars = page.Locator("svg#chart > rect");
        await Expect(bars).ToHaveCountAsync(7);
        foreach (var bar in await bars.AllAsync())
        {
            await Expect(bar).ToBeVisibleAsync();
        }
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Unanswered calls (3)" }).Locator("tbody tr")).ToHaveCountAsync(3);
        var busy = page.Locator("#unanswered tbody tr", new() { HasText = "+14155550111" });
        await Expect(busy.Locator("td")).ToHaveTextAsync(["09:40:10", "+14155550111", "+14155550100", "busy", "USER_BUSY", Busy]);
        // The style sheet applied: its hash in the Content-Security-Policy is the one Chromium computes.
        await Expect(page.Locator("#totals thead th").First).ToHaveCSSAsync("border-bottom-width", "2px");
        await page.ScreenshotAsync(new() { Path = Screenshot("dashboard-day.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("html")).ToHaveJSPropertyAsync("scrollWidth", 390);
        await busy.GetByRole(AriaRole.Link, new() { Name = Busy }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/api/dialstatus/dashboard/calls/{Busy}\\?{Regex.Escape(KeyQuery)}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Call {Busy}");
        var timeline = page.Locator("#timeline > tbody > tr");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Timeline" })).ToBeVisibleAsync();
        await Expect(timeline).ToHaveCountAsync(3);
        await Expect(timeline.Nth(0)).ToContainTextAsync("Busy Line");
        await Expect(timeline.Nth(1)).ToContainTextAsync("USER_BUSY");
        var parameters = timeline.Nth(1).Locator("details table");
        await Expect(parameters).ToBeHiddenAsync();
        await timeline.Nth(1).Locator("summary").ClickAsync();
        await Expect(parameters).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveJSPropertyAsync("scrollWidth", 390);
        await page.ScreenshotAsync(new() { Path = Screenshot("dashboard-call.png"), FullPage = true });

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Hostile_values_show_as_text_and_run_no_script_in_a_browser_that_runs_script()
    {
        await using var browser = await chromium.NewContextAsync(javaScriptEnabled: true, width: 1100, height: 800);
        var page = await browser.NewPageAsync();
        var problems = Watch(page);

        await page.GotoAsync(Url($"/api/dialstatus/dashboard?date=2026-11-26&{KeyQuery}"));
        await page.Locator("a[rel=next]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("date=2026-11-27"));
        var row = page.Locator("#unanswered tbody tr");
        await Expect(row.Locator("td")).ToHaveTextAsync(["10:00:01", Script, AttributeBreakout, "busy", TextareaBreakout, HostileCall]);
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Call {HostileCall}");
        foreach (var summary in await page.Locator("summary").AllAsync())
        {
            await summary.ClickAsync();
        }
        await Expect(page.Locator("details table").Last).ToBeVisibleAsync();
        await Expect(page.Locator("#facts dd").Nth(2)).ToHaveTextAsync(SingleQuoteBreakout);
        await Expect(page.Locator("#timeline").GetByText(JavaScriptUrl, new() { Exact = true }).First).ToBeVisibleAsync();

        Assert.Empty(problems);
    }

    /// <summary>What must not happen on a page: a dialog (a script ran), a script error, or a console error such as a CSP violation.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            problems.Add($"dialog: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        return problems;
    }
}
