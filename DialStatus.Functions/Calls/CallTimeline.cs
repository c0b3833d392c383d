using System.Text.Json;
using System.Text.Json.Nodes;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>One call's story: every record of the call, in the order we received them.</summary>
public sealed class CallTimeline(ICallRecordStore store)
{
    /// <summary>Orders records received in the same instant the way a call unfolds.</summary>
    private static readonly string[] KindOrder =
        [RecordKind.Ring, RecordKind.Fallback, RecordKind.DialEvent, RecordKind.DialAction, RecordKind.Phlo, RecordKind.Hangup];

    /// <summary>The timeline as JSON; 404 when the call has no records.</summary>
    public async Task<Outcome> ReadAsync(string callUuid, CancellationToken cancellationToken)
    {
        if (!(await store.ReadCallAsync(callUuid, cancellationToken)).TryGet(out var records, out var failed))
        {
            return failed;
        }
        if (records.Count == 0)
        {
            return Outcome.NotFound($"No records for call '{callUuid}'.");
        }

        var events = new JsonArray();
        foreach (var record in records
            .OrderBy(r => r.ReceivedAtUtc ?? DateTimeOffset.MinValue)
            .ThenBy(r => Array.IndexOf(KindOrder, r.Kind))
            .ThenBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var properties = new JsonObject();
            foreach (var (name, value) in record.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                properties[name] = JsonValue.Create(value);
            }
            events.Add(new JsonObject
            {
                ["recordKind"] = record.Kind,
                ["receivedAtUtc"] = record.ReceivedAtUtc,
                ["rowKey"] = record.RowKey,
                ["properties"] = properties,
                ["rawParameters"] = ParseRaw(record.RawParameters),
            });
        }
        return new Outcome.Json(new JsonObject { ["callUuid"] = callUuid, ["events"] = events }.ToJsonString());
    }

    private static JsonNode? ParseRaw(string? raw)
    {
        if (raw is null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException)
        {
            return raw;
        }
    }
}
