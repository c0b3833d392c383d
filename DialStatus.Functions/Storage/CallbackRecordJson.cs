using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Storage;

/// <summary>
/// A <see cref="CallbackRecord"/> as one line of JSON: what the app logs for a record it had to give up, so an
/// operator can re-ingest it later with the same keys (docs/operations.md, "Re-ingesting held-back records").
/// </summary>
internal static class CallbackRecordJson
{
    /// <summary>How much of one log property Azure Monitor keeps; it cuts the rest.</summary>
    public const int LogPropertyLimit = 8192;

    /// <summary>One piece of a record too long for one log property; <see cref="Id"/> joins the pieces.</summary>
    public sealed record Part(string Id, int Index, int Count, string Text);

    private const string PartName = "heldRecordPart";

    /// <summary>A name given twice is a malformed line, not a later failure when the object is read.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static readonly JsonSerializerOptions Options = new()
    {
        // Read by people in the portal and pasted into files: keep +, quotes and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(CallbackRecord record)
    {
        var fields = new JsonArray();
        foreach (var (name, value) in record.Fields)
        {
            fields.Add(new JsonArray(name, value));
        }
        var json = new JsonObject
        {
            ["callUuid"] = record.CallUuid,
            ["recordKind"] = record.Key.Kind,
            ["rowKey"] = record.Key.RowKey,
            ["receivedAtUtc"] = record.ReceivedAt.ToUniversalTime(),
            ["attempt"] = record.Attempt,
            ["answeredOn"] = record.AnsweredOn?.ToString(RecordProperties.CallDayFormat, CultureInfo.InvariantCulture),
            ["fieldNames"] = new JsonArray([.. record.FieldNames.Select(name => (JsonNode)name)]),
            ["fields"] = fields,
        };
        return json.ToJsonString(Options);
    }

    /// <summary>
    /// The log lines of one record: its JSON when it fits in <paramref name="lineLimit"/> characters, otherwise
    /// parts that each fit, which <see cref="ReadPart"/> and <see cref="Join"/> put back. A cut never splits a
    /// surrogate pair: <see cref="Write"/> escapes every character outside the BMP as <c>\uXXXX\uXXXX</c>.
    /// </summary>
    public static IReadOnlyList<string> WriteLines(CallbackRecord record, int lineLimit = LogPropertyLimit)
    {
        // Room for a part's own JSON and one character escaped at its longest.
        ArgumentOutOfRangeException.ThrowIfLessThan(lineLimit, 256);
        var json = Write(record);
        if (json.Length <= lineLimit)
        {
            return [json];
        }
        var id = Guid.NewGuid().ToString("N");
        // Sized with the widest index and count a part can have, so the real numbers only make a line shorter.
        var texts = new List<string>();
        for (var start = 0; start < json.Length;)
        {
            var length = Math.Min(json.Length - start, lineLimit);
            int excess;
            while ((excess = WritePart(new Part(id, int.MaxValue, int.MaxValue, json.Substring(start, length))).Length - lineLimit) > 0)
            {
                // Each character removed shortens the line by at least one.
                length = Math.Max(1, length - excess);
            }
            texts.Add(json.Substring(start, length));
            start += texts[^1].Length;
        }
        return [.. texts.Select((text, index) => WritePart(new Part(id, index + 1, texts.Count, text)))];
    }

    /// <summary>The part a line carries; null when the line is not a part (a whole record, or anything else).</summary>
    public static Part? ReadPart(string line)
    {
        JsonObject? part;
        try
        {
            part = (JsonNode.Parse(line, documentOptions: Strict) as JsonObject)?[PartName] as JsonObject;
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
            ? new Part(Text(part["id"], "'id'"), index, count, Text(part["text"], "'text'"))
            : throw new FormatException($"A held record part's index {index} is not within its count {count}.");
    }

    /// <summary>The record whose parts these are: all of them, in any order.</summary>
    public static CallbackRecord Join(IReadOnlyCollection<Part> parts)
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

    private static string WritePart(Part part) => new JsonObject
    {
        [PartName] = new JsonObject { ["id"] = part.Id, ["index"] = part.Index, ["count"] = part.Count, ["text"] = part.Text },
    }.ToJsonString(Options);


    /// <summary>The record <see cref="Write"/> wrote; a <see cref="FormatException"/> that says what is wrong otherwise.</summary>
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
                : DateOnly.TryParseExact(answeredOn, RecordProperties.CallDayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
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
