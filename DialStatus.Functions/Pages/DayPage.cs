using System.Globalization;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Pages;

/// <summary>
/// A UTC day for a person: totals by outcome, calls per hour as a stacked bar chart with the same figures as a
/// table (which adds a row for calls decided after midnight), and the unanswered calls, each linking to its call's page. Drawn from <see cref="DayReport"/>, the
/// model the report endpoint's JSON comes from, read the same way.
/// </summary>
internal static class DayPage
{
    private const int Hours = 24;

    public static async Task<Outcome> ReadAsync(DailyReport report, Result<DateOnly> day, PageLinks links, CancellationToken cancellationToken)
    {
        if (!day.TryGet(out var date, out var refused))
        {
            return ErrorPage.For(refused, links);
        }
        return (await report.ReadAsync(date, cancellationToken)).TryGet(out var dayReport, out var failed)
            ? new Outcome.Page(Render(dayReport, links))
            : ErrorPage.For(failed, links);
    }

    public static string Render(DayReport report, PageLinks links)
    {
        var dayText = PageLinks.DayText(report.Date);
        return HtmlWriter.Document($"Calls on {dayText} (UTC) · DialStatus", html =>
        {
            using (html.Open("header"))
            {
                WriteNavigation(html, report.Date, links);
                html.Element("h1", $"Calls on {report.Date.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)} (UTC)");
            }
            using (html.Open("main"))
            {
                if (report.Calls.Count == 0)
                {
                    html.Element("p", "No calls were recorded on this day.", ("id", "no-calls"));
                }
                else
                {
                    var byStatus = report.ByDialStatus;
                    var colours = PageStyle.ColourClasses(byStatus.Select(s => s.DialStatus));
                    WriteTotals(html, report, byStatus, colours);
                    WritePerHour(html, report, [.. byStatus.Select(s => s.DialStatus)], colours);
                    WriteUnanswered(html, report, links);
                }
            }
            using (html.Open("footer"))
            {
                html.Text("All dates and times are UTC. Each call counts once, under the outcome that decides it. The same figures as ");
                html.Element("a", "JSON", ("href", links.ReportJson(report.Date)));
                html.Text(".");
            }
        });
    }

    private static void WriteNavigation(HtmlWriter html, DateOnly day, PageLinks links)
    {
        using (html.Open("nav", ("aria-label", "Days")))
        {
            // The calendar's first and last days have no neighbour on one side.
            if (day > DateOnly.MinValue)
            {
                var previous = day.AddDays(-1);
                html.Element("a", $"← {PageLinks.DayText(previous)}", ("href", links.Day(previous)), ("rel", "prev"));
            }
            if (day < DateOnly.MaxValue)
            {
                var next = day.AddDays(1);
                html.Element("a", $"{PageLinks.DayText(next)} →", ("href", links.Day(next)), ("rel", "next"));
            }
            // A plain GET form: picking a day needs no script.
            using (html.Open("form", ("method", "get"), ("action", links.DayForm)))
            {
                html.Element("label", "Day (UTC)", ("for", DayQuery.Parameter));
                html.Empty("input", ("id", DayQuery.Parameter), ("type", "date"), ("name", DayQuery.Parameter), ("value", PageLinks.DayText(day)), ("required", "required"));
                if (links.FunctionKey is { } key)
                {
                    html.Empty("input", ("type", "hidden"), ("name", FunctionKeyQuery.Name), ("value", key));
                }
                html.Element("button", "Show", ("type", "submit"));
            }
        }
    }

    private static void WriteTotals(HtmlWriter html, DayReport report, IReadOnlyList<(string DialStatus, int Calls)> byStatus, IReadOnlyDictionary<string, string> colours)
    {
        using (html.Open("section", ("aria-labelledby", "totals-heading")))
        {
            html.Element("h2", "Totals by outcome", ("id", "totals-heading"));
            using (html.Open("table", ("id", "totals"), ("aria-labelledby", "totals-heading")))
            {
                using (html.Open("thead"))
                using (html.Open("tr"))
                {
                    html.Element("th", "Outcome (DialStatus)", ("scope", "col"));
                    html.Element("th", "Calls", ("scope", "col"), ("class", "n"));
                }
                using (html.Open("tbody"))
                {
                    foreach (var (status, calls) in byStatus)
                    {
                        using (html.Open("tr"))
                        {
                            using (html.Open("th", ("scope", "row")))
                            {
                                html.Element("span", null, ("class", $"swatch {colours[status]}"), ("aria-hidden", "true"));
                                html.Text(StatusText(status));
                            }
                            html.Element("td", Number(calls), ("class", "n"));
                        }
                    }
                }
                using (html.Open("tfoot"))
                using (html.Open("tr"))
                {
                    html.Element("th", "All calls", ("scope", "row"));
                    html.Element("td", Number(report.Calls.Count), ("class", "n"));
                }
            }
            html.Element("p", $"Dial statuses received: {Number(report.DialAttempts)} (a call dialled in sequence has one per Dial).", ("id", "dial-attempts"));
        }
    }

    /// <summary>
    /// The hour of a call is the UTC hour of its entry in the report. A call answered before midnight whose
    /// deciding status came after it is filed under this day but has no hour in it: it gets a row of its own.
    /// </summary>
    private static void WritePerHour(HtmlWriter html, DayReport report, List<string> statuses, IReadOnlyDictionary<string, string> colours)
    {
        var perHour = new int[Hours + 1, statuses.Count];
        foreach (var call in report.Calls)
        {
            var hour = IsOnDay(call, report.Date) ? call.ReceivedAtUtc.UtcDateTime.Hour : AfterTheDay;
            perHour[hour, statuses.IndexOf(StatusKey(call))]++;
        }
        int HourTotal(int hour) => Enumerable.Range(0, statuses.Count).Sum(s => perHour[hour, s]);

        using (html.Open("section", ("aria-labelledby", "per-hour-heading")))
        {
            html.Element("h2", "Calls per hour (UTC)", ("id", "per-hour-heading"));
            using (html.Open("figure"))
            {
                WriteChart(html, statuses, colours, perHour, Enumerable.Range(0, Hours).Max(HourTotal));
                using (html.Open("ul", ("class", "legend"), ("aria-label", "Outcomes")))
                {
                    foreach (var status in statuses)
                    {
                        using (html.Open("li"))
                        {
                            html.Element("span", null, ("class", $"swatch {colours[status]}"), ("aria-hidden", "true"));
                            html.Text(StatusText(status));
                        }
                    }
                }
            }
            using (html.Open("div", ("class", "scroll")))
            using (html.Open("table", ("id", "per-hour")))
            {
                html.Element("caption", "The chart's figures: calls per hour (UTC) by outcome, hours with calls only");
                using (html.Open("thead"))
                using (html.Open("tr"))
                {
                    html.Element("th", "Hour (UTC)", ("scope", "col"));
                    foreach (var status in statuses)
                    {
                        html.Element("th", StatusText(status), ("scope", "col"), ("class", "n"));
                    }
                    html.Element("th", "All", ("scope", "col"), ("class", "n"));
                }
                using (html.Open("tbody"))
                {
                    foreach (var hour in Enumerable.Range(0, Hours + 1).Where(h => HourTotal(h) > 0))
                    {
                        using (html.Open("tr"))
                        {
                            html.Element("th", hour == AfterTheDay ? "Decided after midnight" : HourRange(hour), ("scope", "row"));
                            for (var s = 0; s < statuses.Count; s++)
                            {
                                html.Element("td", Number(perHour[hour, s]), ("class", "n"));
                            }
                            html.Element("td", Number(HourTotal(hour)), ("class", "n"));
                        }
                    }
                }
            }
        }
    }

    private static void WriteChart(HtmlWriter html, List<string> statuses, IReadOnlyDictionary<string, string> colours, int[,] perHour, int busiestHour)
    {
        const double Width = 760, Height = 220, Left = 36, Right = 4, Top = 8, Bottom = 24;
        const double Slot = (Width - Left - Right) / Hours, Bar = Slot * 0.72;
        var step = Math.Max(1, (int)Math.Ceiling(busiestHour / 4.0));
        // At least one step: a day whose calls were all decided after midnight draws an empty chart, not a division by zero.
        var top = Math.Max(step, step * (int)Math.Ceiling(busiestHour / (double)step));
        var scale = (Height - Top - Bottom) / top;
        var baseline = Height - Bottom;

        using (html.Open("svg", ("id", "chart"), ("viewBox", $"0 0 {Coordinate(Width)} {Coordinate(Height)}"), ("role", "img"), ("aria-labelledby", "chart-title")))
        {
            html.Element("title", "Calls per hour (UTC), stacked by outcome. The table below gives the same figures, and on a row of its own the calls decided after midnight.", ("id", "chart-title"));
            for (var tick = 0; tick <= top; tick += step)
            {
                var y = baseline - (tick * scale);
                html.Element("line", null, ("class", tick == 0 ? "axis" : "grid"), ("x1", Coordinate(Left)), ("x2", Coordinate(Width - Right)), ("y1", Coordinate(y)), ("y2", Coordinate(y)));
                html.Element("text", Number(tick), ("class", "tick"), ("x", Coordinate(Left - 6)), ("y", Coordinate(y + 4)), ("text-anchor", "end"));
            }
            for (var hour = 0; hour < Hours; hour++)
            {
                var x = Left + (hour * Slot) + ((Slot - Bar) / 2);
                var stacked = 0;
                for (var s = 0; s < statuses.Count; s++)
                {
                    if (perHour[hour, s] == 0)
                    {
                        continue;
                    }
                    stacked += perHour[hour, s];
                    using (html.Open("rect", ("class", colours[statuses[s]]), ("x", Coordinate(x)), ("y", Coordinate(baseline - (stacked * scale))),
                        ("width", Coordinate(Bar)), ("height", Coordinate(perHour[hour, s] * scale))))
                    {
                        html.Element("title", $"{HourRange(hour)} UTC, {StatusText(statuses[s])}: {Number(perHour[hour, s])}");
                    }
                }
                if (hour % 3 == 0)
                {
                    html.Element("text", hour.ToString("00", CultureInfo.InvariantCulture), ("class", "tick"),
                        ("x", Coordinate(Left + (hour * Slot) + (Slot / 2))), ("y", Coordinate(Height - 6)), ("text-anchor", "middle"));
                }
            }
        }
    }

    private static void WriteUnanswered(HtmlWriter html, DayReport report, PageLinks links)
    {
        var unanswered = report.Unanswered.ToList();
        using (html.Open("section", ("aria-labelledby", "unanswered-heading")))
        {
            html.Element("h2", $"Unanswered calls ({Number(unanswered.Count)})", ("id", "unanswered-heading"));
            if (unanswered.Count == 0)
            {
                html.Element("p", "Every call was answered.");
                return;
            }
            using (html.Open("table", ("id", "unanswered"), ("class", "stack"), ("aria-labelledby", "unanswered-heading")))
            {
                string[] columns = ["Time (UTC)", "From", "To", "Status", "Cause", "Call"];
                using (html.Open("thead"))
                using (html.Open("tr"))
                {
                    foreach (var column in columns)
                    {
                        html.Element("th", column, ("scope", "col"));
                    }
                }
                using (html.Open("tbody"))
                {
                    foreach (var call in unanswered)
                    {
                        using (html.Open("tr"))
                        {
                            using (html.Open("td", ("data-label", columns[0])))
                            {
                                PageText.Time(html, call.ReceivedAtUtc, IsOnDay(call, report.Date) ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss");
                            }
                            html.Element("td", call.From, ("data-label", columns[1]), ("class", "v"));
                            html.Element("td", call.To, ("data-label", columns[2]), ("class", "v"));
                            html.Element("td", StatusText(StatusKey(call)), ("data-label", columns[3]), ("class", "v"));
                            html.Element("td", call.DialHangupCause, ("data-label", columns[4]), ("class", "v"));
                            using (html.Open("td", ("data-label", columns[5])))
                            {
                                html.Element("a", call.CallUuid, ("href", links.Call(call.CallUuid)), ("class", "id"));
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The per-hour row of calls whose deciding status arrived after the day they are filed under.</summary>
    private const int AfterTheDay = Hours;

    private static bool IsOnDay(DayIndexEntry call, DateOnly day) => DateOnly.FromDateTime(call.ReceivedAtUtc.UtcDateTime) == day;

    /// <summary>How <see cref="DayReport.ByDialStatus"/> keys a call.</summary>
    private static string StatusKey(DayIndexEntry call) => call.DialStatus ?? string.Empty;

    private static string StatusText(string status) => status.Length == 0 ? "(none)" : status;

    private static string HourRange(int hour) => string.Create(CultureInfo.InvariantCulture, $"{hour:00}:00–{(hour + 1) % Hours:00}:00");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
