using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Storage;

/// <summary>
/// A <see cref="CallbackRecord"/> as one line of JSON: what the app logs for a record it had to give up, so an
/// operator can re-ingest it later with the same keys (docs/operations.md, "Re-ingesting held-back records"). The
/// app only writes the format; the CLI's <c>reingest</c> reads it back (tools/DialStatus.Cli/Reingest).
/// </summary>
internal static class CallbackRecordJson
{
    /// <summary>How much of one log property Azure Monitor keeps; it cuts the rest.</summary>
    public const int LogPropertyLimit = 8192;

    /// <summary>One piece of a record too long for one log property; <see cref="Id"/> joins the pieces.</summary>
    public sealed record Part(string Id, int Index, int Count, string Text);

    /// <summary>The property a part's line holds its part in.</summary>
    public const string PartName = "heldRecordPart";

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
            ["answeredOn"] = (record.AnsweredOn is { } day ? UtcDay.Text(day) : null),
            ["fieldNames"] = new JsonArray([.. record.FieldNames.Select(name => (JsonNode)name)]),
            ["fields"] = fields,
        };
        return json.ToJsonString(Options);
    }

    /// <summary>
    /// The log lines of one record: its JSON when it fits in <paramref name="lineLimit"/> characters, otherwise
    /// parts that each fit, which the CLI joins back in any order. A cut never splits a
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

    private static string WritePart(Part part) => new JsonObject
    {
        [PartName] = new JsonObject { ["id"] = part.Id, ["index"] = part.Index, ["count"] = part.Count, ["text"] = part.Text },
    }.ToJsonString(Options);
}
