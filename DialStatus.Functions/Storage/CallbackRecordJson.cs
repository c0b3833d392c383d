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
public static class CallbackRecordJson
{
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

    /// <summary>The record <see cref="Write"/> wrote; a <see cref="FormatException"/> that says what is wrong otherwise.</summary>
    public static CallbackRecord Read(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A held record is a JSON object.");
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
            root["attempt"] is JsonValue attempt ? (attempt.TryGetValue<int>(out var number) ? number : throw new FormatException("'attempt' is a number.")) : null,
            answeredOn is null ? null
                : DateOnly.TryParseExact(answeredOn, RecordProperties.CallDayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                    ? day
                    : throw new FormatException($"'answeredOn' is not a day: '{answeredOn}'."));
    }

    private static JsonArray Array(JsonObject root, string name) =>
        root[name] as JsonArray ?? throw new FormatException($"A held record needs '{name}' as an array.");

    private static string Text(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"A held record needs {what} as text.");
}
