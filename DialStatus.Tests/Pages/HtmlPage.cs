using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace DialStatus.Tests.Pages;

/// <summary>A page fetched over HTTP and parsed by a real HTML5 parser, as a browser would build it.</summary>
public sealed class HtmlPage : IDisposable
{
    private HtmlPage(HttpResponseMessage response, string html, IHtmlDocument document, Uri url)
    {
        Response = response;
        Html = html;
        Document = document;
        Url = url;
    }

    public HttpResponseMessage Response { get; }

    public string Html { get; }

    public IHtmlDocument Document { get; }

    /// <summary>Where the page was fetched from: what its relative links resolve against.</summary>
    public Uri Url { get; }

    public int StatusCode => (int)Response.StatusCode;

    public static async Task<HtmlPage> GetAsync(HttpClient client, string pathAndQuery)
    {
        var url = new Uri(client.BaseAddress!, pathAndQuery);
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlPage(response, html, new HtmlParser().ParseDocument(html), url);
    }

    public IElement Single(string selector) => Assert.Single(Document.QuerySelectorAll(selector));

    /// <summary>The text of each cell of each body row of a table.</summary>
    public List<string[]> BodyRows(string tableSelector) =>
        [.. Single(tableSelector).QuerySelectorAll(":scope > tbody > tr").Cast<IHtmlTableRowElement>()
            .Select(row => row.Cells.Select(cell => cell.TextContent.Trim()).ToArray())];

    /// <summary>A link's target as the browser would request it: path and query, resolved against the page's URL.</summary>
    public string Target(IElement link) => Target(link.GetAttribute("href")!);

    /// <summary>A relative URL's target, resolved against the page's URL.</summary>
    public string Target(string relative) => new Uri(Url, relative).PathAndQuery;

    public void Dispose() => Response.Dispose();
}
