using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DialStatus.Functions;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Cli.Reingest;

/// <summary>
/// Reads back the lines the app logs for a record it gave up on (<see cref="CallbackRecordJson"/>): a whole record,
/// or the parts of a long one, which join in any order.
/// </summary>
internal static class HeldRecordJson
{
    /// <summary>A name given twice is a malformed line, not a later failure when the object is read.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>The part a line carries; null when the line is not a part (a whole record, or anything else).</summary>
    public static CallbackRecordJson.Part? ReadPart(string line)
    {
        JsonObject? part;
        try
        {
            part = (JsonNode.Parse(line, documentOptions: Strict) as JsonObject)?[CallbackRecordJson.PartName] as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (part is null)
        {
            return null;
        }
        var index = Number(part["index"], "'index'");
        var count = Number(part["count"], "'count'");
        return index >= 1 && index <= count
            ? new CallbackRecordJson.Part(Text(part["id"], "'id'"), index, count, Text(part["text"], "'text'"))
            : throw new FormatException($"A held record part's index {index} is not within its count {count}.");
    }

    /// <summary>The record whose parts these are: all of them, in any order.</summary>
    public static CallbackRecord Join(IReadOnlyCollection<CallbackRecordJson.Part> parts)
    {
        // A part seen twice (overlapping exports) counts once, as a whole record re-ingested twice does.
        var distinct = parts.Distinct().ToList();
        var first = distinct[0];
        if (distinct.Exists(part => part.Count != first.Count) || distinct.DistinctBy(part => part.Index).Count() != distinct.Count)
        {
            throw new FormatException($"Held record {first.Id} has parts that disagree: two texts under one index, or different counts.");
        }
        return distinct.Count == first.Count
            ? Read(string.Concat(distinct.OrderBy(part => part.Index).Select(part => part.Text)))
            : throw new FormatException($"Held record {first.Id} has {distinct.Count} of its {first.Count} parts.");
    }

    /// <summary>The record <see cref="CallbackRecordJson.Write"/> wrote; a <see cref="FormatException"/> that says what is wrong otherwise.</summary>
    public static CallbackRecord Read(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Strict) as JsonObject ?? throw new FormatException("A held record is a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not JSON: {e.Message}", e);
        }
        var fields = Array(root, "fields").Select(pair => pair is JsonArray { Count: 2 } nameAndValue
            ? new KeyValuePair<string, string>(Text(nameAndValue[0], "a field name"), Text(nameAndValue[1], "a field value"))
            : throw new FormatException("Each of 'fields' is a [name, value] pair."));
        var receivedAt = Text(root["receivedAtUtc"], "'receivedAtUtc'");
        var answeredOn = root["answeredOn"] is null ? null : Text(root["answeredOn"], "'answeredOn'");
        return new CallbackRecord(
            Text(root["callUuid"], "'callUuid'"),
            new RecordKey(Text(root["recordKind"], "'recordKind'"), Text(root["rowKey"], "'rowKey'")),
            new PlivoParameters(fields),
            [.. Array(root, "fieldNames").Select(name => Text(name, "a field name"))],
            DateTimeOffset.TryParse(receivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at
                : throw new FormatException($"'receivedAtUtc' is not a time: '{receivedAt}'."),
            root["attempt"] is null ? null : Number(root["attempt"], "'attempt'"),
            answeredOn is null ? null
                : UtcDay.TryParse(answeredOn, out var day)
                    ? day
                    : throw new FormatException($"'answeredOn' is not a day: '{answeredOn}'."));
    }

    private static JsonArray Array(JsonObject root, string name) =>
        root[name] as JsonArray ?? throw new FormatException($"A held record needs '{name}' as an array.");

    private static int Number(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue<int>(out var number) ? number : throw new FormatException($"A held record needs {what} as a number.");

    private static string Text(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"A held record needs {what} as text.");
}
