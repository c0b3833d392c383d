using System.Text.Json.Nodes;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// How one UTC day went, from that day's index only (never a table scan): how many calls, how many of
/// them ended in each DialStatus, and which calls nobody answered.
/// </summary>
public sealed class DailyReport(ICallRecordStore store)
{
    public async Task<Result<DayReport>> ReadAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (!(await store.ReadDayAsync(day, cancellationToken)).TryGet(out var entries, out var failed))
        {
            return failed;
        }

        // A call's outcome: completed if any of its Dials was answered, else the status of its last Dial.
        var calls = entries
            .GroupBy(e => e.CallUuid, StringComparer.Ordinal)
            .Select(call => call.FirstOrDefault(e => e.DialStatus == DialActionHandler.CompletedStatus)
                ?? call.OrderBy(e => e.Attempt).ThenBy(e => e.ReceivedAtUtc).Last())
            .OrderBy(e => e.ReceivedAtUtc)
            .ToList();
        return new DayReport(day, calls, entries.Count);
    }

    /// <summary>The report as the JSON the report endpoint answers.</summary>
    public async Task<Outcome> ReadJsonAsync(DateOnly day, CancellationToken cancellationToken) =>
        (await ReadAsync(day, cancellationToken)).TryGet(out var report, out var failed) ? new Outcome.Json(report.ToJson()) : failed;
}

/// <summary>One UTC day's calls, each with its outcome: the dial status that decides it.</summary>
/// <param name="Calls">One entry per call, in the order the calls were filed.</param>
/// <param name="DialAttempts">Every dial status of the day, a sequential call's several Dials included.</param>
public sealed record DayReport(DateOnly Date, IReadOnlyList<DayIndexEntry> Calls, int DialAttempts)
{
    /// <summary>How many calls ended in each DialStatus, ordered by status.</summary>
    public IReadOnlyList<(string DialStatus, int Calls)> ByDialStatus =>
        [.. Calls.GroupBy(c => c.DialStatus ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()))];

    /// <summary>The calls no Dial completed.</summary>
    public IEnumerable<DayIndexEntry> Unanswered => Calls.Where(c => c.DialStatus != DialActionHandler.CompletedStatus);

    /// <summary>The report endpoint's JSON: its property names are a public contract.</summary>
    public string ToJson()
    {
        var byDialStatus = new JsonObject();
        foreach (var (dialStatus, calls) in ByDialStatus)
        {
            byDialStatus[dialStatus] = calls;
        }
        var unanswered = new JsonArray();
        foreach (var call in Unanswered)
        {
            unanswered.Add(new JsonObject
            {
                ["callUuid"] = call.CallUuid,
                ["from"] = call.From,
                ["to"] = call.To,
                ["dialStatus"] = call.DialStatus,
                ["dialHangupCause"] = call.DialHangupCause,
                ["receivedAtUtc"] = call.ReceivedAtUtc,
            });
        }
        return new JsonObject
        {
            ["date"] = UtcDay.Text(Date),
            ["total"] = Calls.Count,
            ["byDialStatus"] = byDialStatus,
            ["dialAttempts"] = DialAttempts,
            ["unanswered"] = unanswered,
        }.ToJsonString();
    }
}
