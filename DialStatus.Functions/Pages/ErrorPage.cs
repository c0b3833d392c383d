namespace DialStatus.Functions.Pages;

/// <summary>A refusal (a malformed date, an unknown call) told to a person, with the way back to today.</summary>
internal static class ErrorPage
{
    /// <summary>
    /// A refusal becomes a page with the refusal's status; any other outcome (storage unavailable) stays as it is,
    /// so the pages fail the way every endpoint does.
    /// </summary>
    public static Outcome For(Outcome failed, PageLinks links) =>
        failed is Outcome.Refused refused ? new Outcome.RefusedPage(refused, Render(refused, links)) : failed;

    private static string Render(Outcome.Refused refused, PageLinks links)
    {
        var title = refused.Reason == Refusal.NotFound ? "Not found" : "Cannot show this";
        return HtmlWriter.Document($"{title} · DialStatus", html =>
        {
            using (html.Open("main"))
            {
                html.Element("h1", title);
                html.Element("p", refused.Message, ("id", "reason"), ("class", "v"));
                using (html.Open("p"))
                {
                    html.Element("a", "Today's calls", ("href", links.Today));
                }
            }
        });
    }
}
