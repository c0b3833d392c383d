using Microsoft.AspNetCore.Http;

namespace DialStatus.Functions.Pages;

/// <summary>
/// The links of a page, each keeping the function key (<c>?code=</c>) the page was opened with, so that a
/// person who opened one page with a key can follow every link. Links are relative to the page that carries
/// them: they hold only this app's route names and escaped values (never a scheme, so never a
/// <c>javascript:</c> URL), and they keep working behind a proxy that puts the app under another path.
/// </summary>
internal sealed class PageLinks
{
    /// <summary>From the page to the folder of the <c>dialstatus/…</c> routes.</summary>
    private readonly string _toRoutes;

    private PageLinks(string toRoutes, string? functionKey)
    {
        _toRoutes = toRoutes;
        FunctionKey = functionKey;
    }

    /// <summary>The key the page was opened with, if it came in the URL; the date form sends it on.</summary>
    public string? FunctionKey { get; }

    /// <summary>For the page at <c>dialstatus/dashboard</c>.</summary>
    public static PageLinks FromDayPage(HttpRequest request) => new(string.Empty, FunctionKeyOf(request));

    /// <summary>For a page at <c>dialstatus/dashboard/calls/{callUuid}</c>.</summary>
    public static PageLinks FromCallPage(HttpRequest request) => new("../../", FunctionKeyOf(request));

    /// <summary>Where the date form goes: the day page, which reads the form's <c>date</c> (and key).</summary>
    public string DayForm => _toRoutes + "dashboard";

    public string Today => WithKey(_toRoutes + "dashboard", []);

    public string Day(DateOnly day) => WithKey(_toRoutes + "dashboard", [(DayQuery.Parameter, DayText(day))]);

    public string Call(string callUuid) => WithKey(_toRoutes + "dashboard/calls/" + Uri.EscapeDataString(callUuid), []);

    /// <summary>The same day as the report endpoint's JSON.</summary>
    public string ReportJson(DateOnly day) => WithKey(_toRoutes + "report", [(DayQuery.Parameter, DayText(day))]);

    /// <summary>The same call as the timeline endpoint's JSON.</summary>
    public string TimelineJson(string callUuid) => WithKey(_toRoutes + "calls/" + Uri.EscapeDataString(callUuid), []);

    public static string DayText(DateOnly day) => UtcDay.Text(day);

    private string WithKey(string path, (string Name, string Value)[] query)
    {
        IEnumerable<(string Name, string Value)> parameters = FunctionKey is null ? query : [.. query, (FunctionKeyQuery.Name, FunctionKey)];
        var encoded = string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
        return encoded.Length == 0 ? path : $"{path}?{encoded}";
    }

    private static string? FunctionKeyOf(HttpRequest request) =>
        request.Query[FunctionKeyQuery.Name].FirstOrDefault(key => !string.IsNullOrEmpty(key));
}
