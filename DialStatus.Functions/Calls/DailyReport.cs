using System.Globalization;
using System.Text.Json.Nodes;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>
/// How one UTC day went, from that day's index only (never a table scan): how many calls, how many of
/// them ended in each DialStatus, and which calls nobody answered.
/// </summary>
public sealed class DailyReport(ICallRecordStore store)
{
    public async Task<Outcome> ReadAsync(DateOnly day, CancellationToken cancellationToken)
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

        var byDialStatus = new JsonObject();
        foreach (var group in calls.GroupBy(c => c.DialStatus ?? string.Empty, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byDialStatus[group.Key] = group.Count();
        }
        var unanswered = new JsonArray();
        foreach (var call in calls.Where(c => c.DialStatus != DialActionHandler.CompletedStatus))
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
        return new Outcome.Json(new JsonObject
        {
            ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["total"] = calls.Count,
            ["byDialStatus"] = byDialStatus,
            ["dialAttempts"] = entries.Count,
            ["unanswered"] = unanswered,
        }.ToJsonString());
    }
}
