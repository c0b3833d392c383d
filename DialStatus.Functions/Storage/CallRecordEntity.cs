using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;
using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Storage;

/// <summary>
/// The Table entity of one callback and back: Plivo's fields under Plivo's own names, stored verbatim, our UTC
/// receive time, the attempt of a dial status, and every parameter as JSON.
/// </summary>
internal static class CallRecordEntity
{
    /// <summary>Table Storage caps a string property at 64 KiB, i.e. 32K UTF-16 units.</summary>
    public const int MaxStringLength = 32 * 1024;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // The JSON is read in the portal, never embedded in HTML: keep +, quotes and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Table Storage's own properties, and ours that a timeline shows apart from the record's properties.</summary>
    private static readonly HashSet<string> BookkeepingProperties =
        [nameof(TableEntity.PartitionKey), nameof(TableEntity.RowKey), nameof(TableEntity.Timestamp), "odata.etag",
         RecordProperties.RecordKind, RecordProperties.ReceivedAtUtc, RecordProperties.RawParameters];

    public static TableEntity Create(CallbackRecord record)
    {
        var entity = new TableEntity(TableKeys.Encode(record.CallUuid), record.Key.RowKey)
        {
            [RecordProperties.RecordKind] = record.Key.Kind,
            [RecordProperties.ReceivedAtUtc] = record.ReceivedAt.ToUniversalTime(),
        };
        foreach (var name in record.FieldNames)
        {
            if (record.Fields[name] is { } value)
            {
                entity[name] = value;
            }
        }
        if (record.Attempt is { } attempt)
        {
            entity[RecordProperties.Attempt] = attempt;
        }
        entity[RecordProperties.CallDay] = UtcDay.Text(record.CallDay);
        entity[RecordProperties.RawParameters] = ToJson(record.Fields);
        return entity;
    }

    /// <summary>
    /// What one save writes: the record, and its day-index entry (a dial status's own, or the call's marker);
    /// refused, naming the property, when Table Storage could not hold it (nothing is ever stored truncated).
    /// </summary>
    public static Result<(TableEntity Record, TableEntity IndexEntry)> ForSave(CallbackRecord record)
    {
        var entity = Create(record);
        if (FindOversizedProperty(entity) is { } oversized)
        {
            return new Outcome.Refused(Refusal.TooLarge, $"Field '{oversized}' is too large to store.");
        }
        return (entity, DayIndex.EntryFor(entity, record.CallUuid));
    }

    public static StoredRecord ToStoredRecord(TableEntity entity) => new(
        entity.GetString(RecordProperties.RecordKind) ?? string.Empty,
        entity.RowKey,
        entity.GetDateTimeOffset(RecordProperties.ReceivedAtUtc),
        entity.Where(property => !BookkeepingProperties.Contains(property.Key) && property.Value is not null)
            .ToDictionary(property => property.Key, property => property.Value, StringComparer.Ordinal),
        entity.GetString(RecordProperties.RawParameters));

    /// <summary>
    /// True for a Dial's outcome, the records the day index counts (see <see cref="CallbackRecord.DialStatus"/>), and
    /// for their index entries, which copy both properties; false for every other record and for call markers.
    /// </summary>
    public static bool IsDialStatus(TableEntity entity) =>
        entity.ContainsKey(RecordProperties.Attempt) && entity.GetString(PlivoFields.DialStatus) is { Length: > 0 };

    /// <summary>Null when Table Storage can hold the entity; otherwise which property is too large.</summary>
    public static string? FindOversizedProperty(TableEntity entity)
    {
        foreach (var (name, value) in entity)
        {
            if (value is string { Length: > MaxStringLength })
            {
                return name;
            }
        }
        return null;
    }

    /// <summary>A JSON object of the parameters in arrival order; a repeated name holds an array.</summary>
    public static string ToJson(PlivoParameters fields)
    {
        // Every stored callback writes this JSON: a thread keeps its scratch for the next one. Taken out of
        // the slot while in use, so a throw midway leaves nothing half-written behind.
        var scratch = _scratch ?? new JsonScratch();
        _scratch = null;
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        scratch.Names.Clear();

        var writer = scratch.Writer;
        writer.WriteStartObject();
        if (HasRepeatedNames(fields, scratch.Names))
        {
            WriteGroupedByName(writer, fields);
        }
        else
        {
            // Plivo sends each name once: the pairs go straight through.
            for (var i = 0; i < fields.Count; i++)
            {
                writer.WriteString(fields[i].Key, fields[i].Value);
            }
        }
        writer.WriteEndObject();
        writer.Flush();
        var json = System.Text.Encoding.UTF8.GetString(scratch.Buffer.WrittenSpan);

        // A huge body's buffer is not worth keeping.
        if (scratch.Buffer.Capacity <= JsonScratch.KeptCapacity && scratch.Names.Count <= JsonScratch.KeptNames)
        {
            _scratch = scratch;
        }
        return json;
    }

    [ThreadStatic]
    private static JsonScratch? _scratch;

    private sealed class JsonScratch
    {
        /// <summary>A typical callback's JSON is under 1 KB, with about 20 names.</summary>
        public const int KeptCapacity = 4 * 1024;
        public const int KeptNames = 256;

        public JsonScratch() => Writer = new Utf8JsonWriter(Buffer, JsonOptions);

        public ArrayBufferWriter<byte> Buffer { get; } = new(KeptCapacity);

        public Utf8JsonWriter Writer { get; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }

    private static bool HasRepeatedNames(PlivoParameters fields, HashSet<string> names)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (!names.Add(fields[i].Key))
            {
                return true;
            }
        }
        return false;
    }

    private static void WriteGroupedByName(Utf8JsonWriter writer, PlivoParameters fields)
    {
        var order = new List<string>(fields.Count);
        var values = new Dictionary<string, List<string>>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = new List<string>(1);
                order.Add(name);
            }
            list.Add(value);
        }
        foreach (var name in order)
        {
            var list = values[name];
            if (list.Count == 1)
            {
                writer.WriteString(name, list[0]);
                continue;
            }
            writer.WriteStartArray(name);
            foreach (var value in list)
            {
                writer.WriteStringValue(value);
            }
            writer.WriteEndArray();
        }
    }
}
