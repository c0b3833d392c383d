namespace DialStatus.Functions.Plivo;

/// <summary>
/// The URL query of a request Plivo signed. V3 signs a query as its decoded pairs, sorted and joined as
/// <c>name=value&amp;name=value</c> (docs/plivo.md §4.2), so a decoded name holding <c>=</c> or <c>&amp;</c>, or a value
/// holding <c>&amp;</c> followed by a name and <c>=</c>, signs exactly like the pairs it folds together: a captured
/// request could lose its <c>attempt</c> or <c>day</c>, or hide a GET callback's <c>Event</c>, under the same
/// signature. No URL the app writes, and no field Plivo puts in a GET, has such a name or value, so a query
/// that does is refused (docs/security.md, "Replay and re-splitting").
/// </summary>
internal static class SignedQuery
{
    /// <summary>The query, when none of its pairs could stand for several; otherwise a 400 that echoes no request text.</summary>
    public static Result<PlivoParameters> Check(PlivoParameters query)
    {
        foreach (var (name, value) in query)
        {
            if (name.AsSpan().IndexOfAny('=', '&') >= 0)
            {
                return Outcome.BadRequest("A query parameter's name holds '=' or '&', which signs like several parameters: a signed request cannot be re-split. Nothing was stored.");
            }
            if (HidesPair(value))
            {
                return Outcome.BadRequest($"{Describe(name)} holds '&' followed by a name and '=', which signs like a parameter of its own: a signed request cannot be re-split. Nothing was stored.");
            }
        }
        return query;
    }

    /// <summary>Whether <paramref name="value"/> holds <c>&amp;</c> with <c>=</c> somewhere after it: a pair it stands for.</summary>
    private static bool HidesPair(string value)
    {
        var ampersand = value.IndexOf('&');
        return ampersand >= 0 && value.AsSpan(ampersand + 1).Contains('=');
    }

    // Only names the app knows are echoed: any other name is request text.
    private static string Describe(string name) =>
        PlivoFields.Names.Contains(name) ? $"Parameter '{name}'" : "A query parameter";
}
