using System.Text.Json;
using System.Text.Json.Nodes;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>Reads one call's timeline: every record of the call, in the order we received them.</summary>
public sealed class CallTimelineReader(ICallRecordStore store)
{
    /// <summary>Orders records received in the same instant the way a call unfolds.</summary>
    private static readonly string[] KindOrder =
        [RecordKind.Ring, RecordKind.Fallback, RecordKind.DialEvent, RecordKind.DialAction, RecordKind.Phlo, RecordKind.Hangup];

    /// <summary>The call's records in order; 404 when it has none.</summary>
    public async Task<Result<CallTimeline>> ReadAsync(string callUuid, CancellationToken cancellationToken)
    {
        if (!(await store.ReadCallAsync(callUuid, cancellationToken)).TryGet(out var records, out var failed))
        {
            return failed;
        }
        if (records.Count == 0)
        {
            return Outcome.NotFound($"No records for call '{callUuid}'.");
        }
        return new CallTimeline(callUuid, [.. records
            .OrderBy(r => r.ReceivedAtUtc ?? DateTimeOffset.MinValue)
            .ThenBy(r => Array.IndexOf(KindOrder, r.Kind))
            .ThenBy(r => r.RowKey, StringComparer.Ordinal)]);
    }

    /// <summary>The timeline as the JSON the timeline endpoint answers.</summary>
    public async Task<Outcome> ReadJsonAsync(string callUuid, CancellationToken cancellationToken) =>
        (await ReadAsync(callUuid, cancellationToken)).TryGet(out var timeline, out var failed) ? new Outcome.Json(timeline.ToJson()) : failed;
}

/// <summary>One call's records, in the order they happened.</summary>
public sealed record CallTimeline(string CallUuid, IReadOnlyList<StoredRecord> Events)
{
    /// <summary>The timeline endpoint's JSON: its property names are a public contract.</summary>
    public string ToJson()
    {
        var events = new JsonArray();
        foreach (var record in Events)
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
        return new JsonObject { ["callUuid"] = CallUuid, ["events"] = events }.ToJsonString();
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
