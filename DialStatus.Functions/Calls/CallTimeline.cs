using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using DialStatus.Functions.Options;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>One call's story: every record of its partition, in the order we received them.</summary>
public sealed class CallTimeline(ICallRecordStore store, IOptions<DialStatusOptions> options)
{
    /// <summary>Orders records received in the same instant the way a call unfolds.</summary>
    private static readonly string[] KindOrder =
        [RecordKind.Ring, RecordKind.Fallback, RecordKind.DialEvent, RecordKind.DialAction, RecordKind.Phlo, RecordKind.Hangup];

    private static readonly HashSet<string> KeyProperties =
        [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey), nameof(TableEntity.Timestamp), "odata.etag",
         RecordProperties.RecordKind, RecordProperties.ReceivedAtUtc, RecordProperties.RawParameters];

    /// <summary>The timeline as JSON, or null when the call has no records.</summary>
    public async Task<string?> ReadAsync(string callUuid, CancellationToken cancellationToken)
    {
        var records = await store.ReadPartitionAsync(options.Value.TableName, TableKeys.Encode(callUuid), cancellationToken);
        if (records.Count == 0)
        {
            return null;
        }

        var events = new JsonArray();
        foreach (var record in records
            .OrderBy(r => r.GetDateTimeOffset(RecordProperties.ReceivedAtUtc) ?? DateTimeOffset.MinValue)
            .ThenBy(r => Array.IndexOf(KindOrder, r.GetString(RecordProperties.RecordKind)))
            .ThenBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var properties = new JsonObject();
            foreach (var (name, value) in record.Where(p => !KeyProperties.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                properties[name] = JsonValue.Create(value);
            }
            events.Add(new JsonObject
            {
                ["recordKind"] = record.GetString(RecordProperties.RecordKind),
                ["receivedAtUtc"] = record.GetDateTimeOffset(RecordProperties.ReceivedAtUtc),
                ["rowKey"] = record.RowKey,
                ["properties"] = properties,
                ["rawParameters"] = ParseRaw(record.GetString(RecordProperties.RawParameters)),
            });
        }
        return new JsonObject { ["callUuid"] = callUuid, ["events"] = events }.ToJsonString();
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
