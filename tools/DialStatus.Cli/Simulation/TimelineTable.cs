using System.Globalization;
using System.Text;
using DialStatus.Functions.Plivo;

namespace DialStatus.Cli.Simulation;

/// <summary>A call's timeline as an aligned text table, with what the caller heard and what was found wrong.</summary>
public static class TimelineTable
{
    private static readonly string[] Headers = ["time (UTC)", "kind", "status/event", "leg", "cause"];

    public static string Render(CallCheck check)
    {
        var call = check.Call;
        var problems = call.Problems.Concat(check.Problems).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"call {call.Uuid} ({call.Scenario.Name}): ")
            .AppendLine(problems.Count == 0
                ? $"{check.RecordsVerified} of {call.ExpectedRecords.Count} records verified"
                : $"{problems.Count} problem{(problems.Count == 1 ? "" : "s")}");

        var rows = check.Timeline.Select(e => new[]
        {
            e.ReceivedAtUtc?.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "?",
            e.RecordKind ?? "?",
            e.Property(PlivoFields.DialStatus) ?? e.Property(PlivoFields.DialAction) ?? e.Property(PlivoFields.CallStatus) ?? "",
            Leg(e),
            e.Property(PlivoFields.DialHangupCause) ?? e.Property(PlivoFields.DialBLegHangupCauseName) ?? e.Property(PlivoFields.HangupCauseName) ?? "",
        }).ToList();
        if (rows.Count > 0)
        {
            var widths = Headers.Select((header, column) => rows.Max(row => row[column].Length) is var widest && widest > header.Length ? widest : header.Length).ToArray();
            AppendRow(text, Headers, widths);
            foreach (var row in rows)
            {
                AppendRow(text, row, widths);
            }
        }
        foreach (var heard in call.Heard)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  caller heard: \"{heard}\"");
        }
        var callPrefix = $"call {call.Uuid}: ";
        foreach (var problem in problems)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  problem: {(problem.StartsWith(callPrefix, StringComparison.Ordinal) ? problem[callPrefix.Length..] : problem)}");
        }
        return text.ToString();
    }

    /// <summary>"A" for the caller's leg; a B leg by the start of its UUID and the destination it rang.</summary>
    private static string Leg(TimelineEvent e)
    {
        if (e.Property(PlivoFields.DialBLegUuid) is not { Length: > 0 } bLeg)
        {
            return e.Properties.ContainsKey(PlivoFields.DialBLegUuid) ? "-" : "A";
        }
        var shortUuid = bLeg.Length > 8 ? bLeg[..8] : bLeg;
        return e.Property(PlivoFields.DialBLegTo) is { } to ? $"B {shortUuid} {to}" : $"B {shortUuid}";
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        var row = new StringBuilder("  ");
        for (var i = 0; i < cells.Count; i++)
        {
            row.Append(cells[i].PadRight(widths[i] + 2));
        }
        text.AppendLine(row.ToString().TrimEnd());
    }
}
