using System.Globalization;
using System.Text.Json;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Pages;

/// <summary>
/// One call for a person: its records in the order they happened (time, kind, status or event, leg, cause),
/// each with its raw parameters folded away. Drawn from <see cref="CallTimeline"/>, the model the timeline
/// endpoint's JSON comes from, read the same way.
/// </summary>
internal static class CallPage
{
    /// <summary>What a record says happened: its dial status, else the B-leg event, else the call's status or event.</summary>
    private static readonly string[] StatusFields = [PlivoFields.DialStatus, PlivoFields.DialAction, PlivoFields.CallStatus, PlivoFields.Event];

    /// <summary>Why a leg ended, from the Dial's cause to the B leg's and the call's.</summary>
    private static readonly string[] CauseFields =
    [
        PlivoFields.DialHangupCause, PlivoFields.DialBLegHangupCauseName, PlivoFields.DialBLegHangupCause,
        PlivoFields.HangupCauseName, PlivoFields.HangupCause,
    ];

    private static readonly (string Label, string Field)[] Facts =
        [("From", PlivoFields.From), ("To", PlivoFields.To), ("Caller name", PlivoFields.CallerName), ("Direction", PlivoFields.Direction)];

    private static readonly string[] Columns = ["Time (UTC)", "Record", "Status or event", "Leg", "Cause", "Parameters"];

    public static async Task<Outcome> ReadAsync(CallTimelineReader reader, string callUuid, PageLinks links, CancellationToken cancellationToken) =>
        (await reader.ReadAsync(callUuid, cancellationToken)).TryGet(out var timeline, out var failed)
            ? new Outcome.Page(Render(timeline, links))
            : ErrorPage.For(failed, links);

    public static string Render(CallTimeline timeline, PageLinks links) =>
        HtmlWriter.Document($"Call {timeline.CallUuid} · DialStatus", html =>
        {
            var firstDay = timeline.Events.Select(e => e.ReceivedAtUtc).FirstOrDefault(at => at is not null) is { } first
                ? DateOnly.FromDateTime(first.UtcDateTime)
                : (DateOnly?)null;
            using (html.Open("header"))
            {
                using (html.Open("nav", ("aria-label", "Days")))
                {
                    if (firstDay is { } day)
                    {
                        html.Element("a", $"← Calls on {PageLinks.DayText(day)}", ("href", links.Day(day)), ("rel", "up"));
                    }
                    html.Element("a", "Today", ("href", links.Today));
                }
                using (html.Open("h1"))
                {
                    html.Text("Call ");
                    html.Element("span", timeline.CallUuid, ("class", "id"));
                }
            }
            using (html.Open("main"))
            {
                WriteFacts(html, timeline);
                WriteTimeline(html, timeline);
            }
            using (html.Open("footer"))
            {
                html.Text("Times are UTC: when the app received each callback. The same records as ");
                html.Element("a", "JSON", ("href", links.TimelineJson(timeline.CallUuid)));
                html.Text(".");
            }
        });

    private static void WriteFacts(HtmlWriter html, CallTimeline timeline)
    {
        using (html.Open("dl", ("class", "facts"), ("id", "facts")))
        {
            foreach (var (label, field) in Facts)
            {
                if (FirstOf(timeline.Events, field) is { } value)
                {
                    html.Element("dt", label);
                    html.Element("dd", value, ("class", "v"));
                }
            }
            html.Element("dt", "Records");
            html.Element("dd", timeline.Events.Count.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteTimeline(HtmlWriter html, CallTimeline timeline)
    {
        using (html.Open("section", ("aria-labelledby", "timeline-heading")))
        {
            html.Element("h2", "Timeline", ("id", "timeline-heading"));
            using (html.Open("table", ("id", "timeline"), ("class", "stack"), ("aria-labelledby", "timeline-heading")))
            {
                using (html.Open("thead"))
                using (html.Open("tr"))
                {
                    foreach (var column in Columns)
                    {
                        html.Element("th", column, ("scope", "col"));
                    }
                }
                using (html.Open("tbody"))
                {
                    foreach (var record in timeline.Events)
                    {
                        WriteEvent(html, record);
                    }
                }
            }
        }
    }

    private static void WriteEvent(HtmlWriter html, StoredRecord record)
    {
        using (html.Open("tr"))
        {
            using (html.Open("td", ("data-label", Columns[0])))
            {
                if (record.ReceivedAtUtc is { } at)
                {
                    PageText.Time(html, at, "yyyy-MM-dd HH:mm:ss");
                }
            }
            html.Element("td", record.Kind, ("data-label", Columns[1]));
            html.Element("td", FirstOf([record], StatusFields), ("data-label", Columns[2]), ("class", "v"));
            using (html.Open("td", ("data-label", Columns[3])))
            {
                if (FirstOf([record], PlivoFields.DialBLegUuid) is { } bLeg)
                {
                    html.Text("B leg");
                    if (FirstOf([record], PlivoFields.DialBLegTo) is { } to)
                    {
                        html.Text(" ");
                        html.Element("span", to, ("class", "sub v"));
                    }
                    html.Text(" ");
                    html.Element("span", bLeg, ("class", "sub id"));
                }
                else
                {
                    html.Text("A leg");
                }
            }
            html.Element("td", FirstOf([record], CauseFields), ("data-label", Columns[4]), ("class", "v"));
            using (html.Open("td", ("data-label", Columns[5])))
            {
                WriteRawParameters(html, record.RawParameters);
            }
        }
    }

    /// <summary>Every parameter of the callback as it arrived, folded away behind a summary.</summary>
    private static void WriteRawParameters(HtmlWriter html, string? raw)
    {
        if (raw is null)
        {
            return;
        }
        var parameters = Parameters(raw);
        using (html.Open("details"))
        {
            html.Element("summary", parameters is null ? "Parameters" : $"Parameters ({parameters.Count})");
            if (parameters is null)
            {
                html.Element("pre", raw, ("class", "v"));
                return;
            }
            using (html.Open("table"))
            using (html.Open("tbody"))
            {
                foreach (var (name, value) in parameters)
                {
                    using (html.Open("tr"))
                    {
                        html.Element("th", name, ("scope", "row"), ("class", "id"));
                        html.Element("td", value, ("class", "v"));
                    }
                }
            }
        }
    }

    /// <summary>The name and value of each parameter (a repeated name's values one per line); null when the JSON is not an object.</summary>
    private static List<(string Name, string Value)>? Parameters(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            return [.. document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Array => string.Join('\n', p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => p.Value.GetRawText(),
            }))];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first non-empty value of any of <paramref name="fields"/>, looking through the records in order.</summary>
    private static string? FirstOf(IEnumerable<StoredRecord> records, params string[] fields) =>
        records.SelectMany(r => fields.Select(f => r.Properties.TryGetValue(f, out var v) ? PageText.Value(v) : null))
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
