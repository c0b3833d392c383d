using System.Text.Json.Nodes;
using Azure.Data.Tables;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// How one UTC day went, from that day's index partitions only (never a table scan): how many calls,
/// how many of them ended in each DialStatus, and which calls nobody answered.
/// </summary>
public sealed class DailyReport(ICallRecordStore store, IOptions<DialStatusOptions> options)
{
    private readonly string _indexTable = DayIndex.TableName(options.Value.TableName);

    public async Task<string> ReadAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(DayIndex.PartitionKeys(day).Select(partition => store.ReadPartitionAsync(_indexTable, partition, cancellationToken)));
        var entries = shards.SelectMany(shard => shard).ToList();

        // A call's outcome: completed if any of its Dials was answered, else the status of its last Dial.
        var calls = entries
            .GroupBy(e => e.GetString(DayIndex.ALegUuidProperty) ?? string.Empty, StringComparer.Ordinal)
            .Select(call => call.FirstOrDefault(e => e.GetString(PlivoFields.DialStatus) == DialActionHandler.CompletedStatus)
                ?? call.OrderBy(e => e.GetInt32(RecordProperties.Attempt) ?? 1).ThenBy(ReceivedAt).Last())
            .OrderBy(ReceivedAt)
            .ToList();

        var byDialStatus = new JsonObject();
        foreach (var group in calls.GroupBy(c => c.GetString(PlivoFields.DialStatus) ?? string.Empty, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byDialStatus[group.Key] = group.Count();
        }
        var unanswered = new JsonArray();
        foreach (var call in calls.Where(c => c.GetString(PlivoFields.DialStatus) != DialActionHandler.CompletedStatus))
        {
            unanswered.Add(new JsonObject
            {
                ["callUuid"] = call.GetString(DayIndex.ALegUuidProperty),
                ["from"] = call.GetString(PlivoFields.From),
                ["to"] = call.GetString(PlivoFields.To),
                ["dialStatus"] = call.GetString(PlivoFields.DialStatus),
                ["dialHangupCause"] = call.GetString(PlivoFields.DialHangupCause),
                ["receivedAtUtc"] = ReceivedAt(call),
            });
        }
        return new JsonObject
        {
            ["date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["total"] = calls.Count,
            ["byDialStatus"] = byDialStatus,
            ["dialAttempts"] = entries.Count,
            ["unanswered"] = unanswered,
        }.ToJsonString();
    }

    private static DateTimeOffset ReceivedAt(TableEntity entry) =>
        entry.GetDateTimeOffset(RecordProperties.ReceivedAtUtc) ?? DateTimeOffset.MinValue;
}
