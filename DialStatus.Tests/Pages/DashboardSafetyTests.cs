using System.Security.Cryptography;
using System.Text;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using static DialStatus.Tests.Pages.DashboardScenario;

namespace DialStatus.Tests.Pages;

/// <summary>
/// Safe by construction: values from callers and carriers (From, To, CallerName, causes, raw parameters, even
/// the call UUID, the date and the function key in the URL) render as text, never as markup; the pages load
/// nothing from anywhere, run no script, and carry headers that keep them inert.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardSafetyTests(DashboardFixture app) : IClassFixture<DashboardFixture>
{
    private static readonly string KeyQuery = "code=" + Uri.EscapeDataString(FunctionKey);

    /// <summary>Every element the pages are written with; anything else came from a value.</summary>
    private static readonly HashSet<string> AppElements =
    [
        "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "section", "footer", "h1", "h2", "p", "a",
        "form", "label", "input", "button", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "div",
        "figure", "svg", "line", "rect", "text", "ul", "li", "time", "dl", "dt", "dd", "details", "summary", "pre",
    ];

    /// <summary>Every attribute the pages are written with (no event handler, no style, no src).</summary>
    private static readonly HashSet<string> AppAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "lang", "charset", "name", "content", "href", "rel", "method", "action", "for", "id", "type", "value", "required",
        "scope", "class", "role", "aria-hidden", "aria-label", "aria-labelledby", "data-label", "datetime",
        "viewBox", "x", "y", "x1", "x2", "y1", "y2", "width", "height", "text-anchor",
    };

    private Task<HtmlPage> PageAsync(string pathAndQuery) => HtmlPage.GetAsync(app.Host.Client, pathAndQuery);

    /// <summary>Each kind of page, with clean and with hostile content.</summary>
    public static TheoryData<string, int> EveryPage => new()
    {
        { $"/api/dialstatus/dashboard?date=2026-11-26&{KeyQuery}", 200 },
        { $"/api/dialstatus/dashboard?date=2026-11-27&{KeyQuery}", 200 },
        { $"/api/dialstatus/dashboard?date=2020-01-01&{KeyQuery}", 200 },
        { $"/api/dialstatus/dashboard/calls/{Answered}?{KeyQuery}", 200 },
        { $"/api/dialstatus/dashboard/calls/{Uri.EscapeDataString(HostileCall)}?{KeyQuery}", 200 },
        { $"/api/dialstatus/dashboard/calls/{Uri.EscapeDataString(SingleQuoteBreakout)}?{KeyQuery}", 404 },
        { $"/api/dialstatus/dashboard?date={Uri.EscapeDataString(AttributeBreakout)}&{KeyQuery}", 400 },
        { $"/api/dialstatus/dashboard?date=2026-11-27&code={Uri.EscapeDataString(AttributeBreakout)}", 200 },
    };

    [Theory]
    [MemberData(nameof(EveryPage))]
    public async Task Every_page_is_HTML_with_nosniff_no_referrer_and_no_caching(string pathAndQuery, int status)
    {
        using var page = await PageAsync(pathAndQuery);

        Assert.Equal(status, page.StatusCode);
        Assert.Equal(("text/html", "utf-8"), (page.Response.Content.Headers.ContentType?.MediaType, page.Response.Content.Headers.ContentType?.CharSet));
        Assert.Equal("nosniff", Assert.Single(page.Response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(page.Response.Headers.GetValues("Referrer-Policy")));
        Assert.True(page.Response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [MemberData(nameof(EveryPage))]
    public async Task The_content_security_policy_allows_only_the_pages_own_style_sheet_by_its_hash(string pathAndQuery, int status)
    {
        using var page = await PageAsync(pathAndQuery);

        Assert.Equal(status, page.StatusCode);
        var sheet = page.Single("style").TextContent;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(sheet)));
        Assert.Equal(
            $"default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            Assert.Single(page.Response.Headers.GetValues("Content-Security-Policy")));
    }

    [Theory]
    [MemberData(nameof(EveryPage))]
    public async Task No_page_has_script_inline_style_or_anything_from_elsewhere(string pathAndQuery, int status)
    {
        using var page = await PageAsync(pathAndQuery);

        Assert.Equal(status, page.StatusCode);
        Assert.Empty(page.Document.QuerySelectorAll("script, link, img, iframe, object, embed, [style], [src]"));
        var sheet = page.Single("style").TextContent;
        Assert.DoesNotContain("url(", sheet);
        Assert.DoesNotContain("@import", sheet);
        foreach (var target in page.Document.QuerySelectorAll("[href]").Select(a => a.GetAttribute("href")!)
            .Concat(page.Document.QuerySelectorAll("form").Select(f => f.GetAttribute("action")!)))
        {
            Assert.False(Uri.TryCreate(target, UriKind.Absolute, out _) || target.StartsWith("//", StringComparison.Ordinal), $"'{target}' leaves the app");
        }
    }

    [Theory]
    [MemberData(nameof(EveryPage))]
    public async Task No_page_has_an_element_or_attribute_the_app_does_not_write(string pathAndQuery, int status)
    {
        using var page = await PageAsync(pathAndQuery);

        Assert.Equal(status, page.StatusCode);
        Assert.Empty(page.Document.All.Select(e => e.LocalName).Where(name => !AppElements.Contains(name)).Distinct());
        Assert.Empty(page.Document.All.SelectMany(e => e.Attributes).Select(a => a.Name).Where(name => !AppAttributes.Contains(name)).Distinct());
    }

    [Fact]
    public async Task Hostile_values_on_the_day_page_show_verbatim_as_text()
    {
        using var page = await PageAsync($"/api/dialstatus/dashboard?date=2026-11-27&{KeyQuery}");

        var row = Assert.Single(page.BodyRows("#unanswered"));
        Assert.Equal(["10:00:01", Script, AttributeBreakout, "busy", TextareaBreakout, HostileCall], row);
        var link = page.Single("#unanswered tbody a");
        Assert.Equal($"/api/dialstatus/dashboard/calls/{HostileCall}", Uri.UnescapeDataString(new Uri(page.Url, link.GetAttribute("href")).AbsolutePath));
    }

    [Fact]
    public async Task Hostile_values_on_the_call_page_show_verbatim_as_text()
    {
        using var page = await PageAsync($"/api/dialstatus/dashboard/calls/{Uri.EscapeDataString(HostileCall)}?{KeyQuery}");

        Assert.Equal(200, page.StatusCode);
        Assert.Equal($"Call {HostileCall} · DialStatus", page.Document.Title);
        Assert.Equal($"Call {HostileCall}", page.Single("h1").TextContent);
        var facts = page.Document.QuerySelectorAll("#facts dt").Zip(page.Document.QuerySelectorAll("#facts dd"), (dt, dd) => (dt.TextContent, dd.TextContent));
        Assert.Equal([("From", Script), ("To", AttributeBreakout), ("Caller name", SingleQuoteBreakout), ("Records", "3")], facts);
        Assert.Equal(
        [
            ["Fallback", TextareaBreakout, "A leg", ""],
            ["DialAction", "busy", $"B leg {JavaScriptUrl}", TextareaBreakout],
            ["Hangup", "Hangup", "A leg", Script],
        ], page.BodyRows("#timeline").Select(r => r[1..5]));
        var dialParameters = page.Document.QuerySelectorAll("#timeline > tbody > tr")[1].QuerySelectorAll("details tr")
            .Select(tr => (tr.Children[0].TextContent, tr.Children[1].TextContent));
        Assert.Contains(("Note", JavaScriptUrl), dialParameters);
        Assert.Contains((Script, SingleQuoteBreakout), dialParameters);
    }

    [Fact]
    public async Task A_hostile_unknown_call_id_shows_as_text_on_the_404_page()
    {
        using var page = await PageAsync($"/api/dialstatus/dashboard/calls/{Uri.EscapeDataString(SingleQuoteBreakout)}");

        Assert.Equal(404, page.StatusCode);
        Assert.Equal($"No records for call '{SingleQuoteBreakout}'.", page.Single("#reason").TextContent);
    }

    [Fact]
    public async Task A_hostile_date_shows_as_text_on_the_400_page()
    {
        using var page = await PageAsync($"/api/dialstatus/dashboard?date={Uri.EscapeDataString(TextareaBreakout)}");

        Assert.Equal(400, page.StatusCode);
        Assert.Contains($"not '{TextareaBreakout}'", page.Single("#reason").TextContent);
    }

    [Fact]
    public async Task A_hostile_function_key_stays_one_query_value_in_every_link_and_the_form()
    {
        const string key = "\"><script>alert(1)</script>&date=1999-01-01";

        using var page = await PageAsync($"/api/dialstatus/dashboard?date=2026-11-26&code={Uri.EscapeDataString(key)}");

        Assert.Equal(key, page.Single("form input[name=code]").GetAttribute("value"));
        foreach (var link in page.Document.QuerySelectorAll("a[href]"))
        {
            var query = QueryHelpers.ParseQuery(new Uri(page.Url, link.GetAttribute("href")).Query);
            Assert.Equal(key, query["code"].ToString());
            Assert.DoesNotContain("1999-01-01", query.GetValueOrDefault("date").ToString());
        }
    }
}
