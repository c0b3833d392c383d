using System.Text.Json;
using System.Text.Json.Nodes;

namespace DialStatus.Cli.Simulation;

/// <summary>One event of a call's timeline, as <c>GET /api/dialstatus/calls/{callUuid}</c> returns it.</summary>
public sealed record TimelineEvent(string? RecordKind, DateTimeOffset? ReceivedAtUtc, string RowKey, JsonObject Properties, JsonNode? RawParameters)
{
    /// <summary>A property as text: strings as they are, numbers and the rest as their JSON.</summary>
    public string? Property(string name) => Text(Properties[name]);

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
}

public static class Timeline
{
    /// <summary>The events of a timeline document, in its order.</summary>
    /// <exception cref="FormatException">The document is not a timeline.</exception>
    public static IReadOnlyList<TimelineEvent> Parse(string json)
    {
        try
        {
            var events = JsonNode.Parse(json)?["events"] as JsonArray ?? throw new FormatException("the timeline has no events array");
            return [.. events.Select(node => node as JsonObject ?? throw new FormatException("a timeline event is not an object")).Select(e => new TimelineEvent(
                TimelineEvent.Text(e["recordKind"]),
                e["receivedAtUtc"] is JsonValue received && received.TryGetValue<DateTimeOffset>(out var at) ? at : null,
                TimelineEvent.Text(e["rowKey"]) ?? throw new FormatException("a timeline event has no rowKey"),
                e["properties"] as JsonObject ?? [],
                e["rawParameters"]))];
        }
        catch (JsonException e)
        {
            throw new FormatException($"the timeline is not JSON ({e.Message})", e);
        }
    }
}
