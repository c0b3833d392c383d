using System.Text.Json.Nodes;
using DialStatus.Cli.Reingest;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Storage;

/// <summary>The line an abandoned record is logged as, and read back from when an operator re-ingests it.</summary>
public sealed class CallbackRecordJsonTests
{
    private static readonly CallbackRecord Record = new(
        "9a7c0d3e-5b1f-4e2a-8c6d-0f1e2d3c4b5a",
        RecordKey.DialAction(2),
        PlivoParameters.ParseUrlEncoded("DialStatus=no-answer&From=%2B14155550123&Tag=a&Tag=b&CallerName=Jos%C3%A9+%22J%22"),
        [PlivoFields.DialStatus, PlivoFields.From],
        new DateTimeOffset(2026, 11, 30, 23, 59, 40, 123, TimeSpan.Zero),
        Attempt: 2,
        AnsweredOn: new DateOnly(2026, 11, 30));

    [Fact]
    public void A_record_reads_back_exactly_as_written()
    {
        AssertSameRecord(Record, HeldRecordJson.Read(CallbackRecordJson.Write(Record)));
    }

    /// <summary>Every part of a record, its fields and field names compared by content.</summary>
    private static void AssertSameRecord(CallbackRecord expected, CallbackRecord actual)
    {
        Assert.Equal(
            (expected.CallUuid, expected.Key, expected.ReceivedAt, expected.Attempt, expected.AnsweredOn),
            (actual.CallUuid, actual.Key, actual.ReceivedAt, actual.Attempt, actual.AnsweredOn));
        Assert.Equal(expected.Fields, actual.Fields);
        Assert.Equal(expected.FieldNames, actual.FieldNames);
    }

    [Fact]
    public void A_record_without_attempt_or_answer_day_reads_back_without_them()
    {
        var read = HeldRecordJson.Read(CallbackRecordJson.Write(Record with { Key = RecordKey.Hangup, Attempt = null, AnsweredOn = null }));

        Assert.Equal((null, null), (read.Attempt, read.AnsweredOn));
    }

    [Fact]
    public void The_line_is_one_line_that_keeps_phone_numbers_and_names_readable()
    {
        var json = CallbackRecordJson.Write(Record);

        Assert.DoesNotContain('\n', json);
        Assert.Contains("+14155550123", json, StringComparison.Ordinal);
        Assert.Contains("José", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "Not JSON: ")]
    [InlineData("[]", "A held record is a JSON object.")]
    [InlineData("{}", "A held record needs 'fields' as an array.")]
    [InlineData("{\"callUuid\":\"a\",\"callUuid\":\"b\",\"recordKind\":\"Hangup\",\"rowKey\":\"Hangup\",\"receivedAtUtc\":\"2026-11-30T00:00:00Z\",\"fieldNames\":[],\"fields\":[]}", "Not JSON: ")]
    public void A_line_that_is_not_a_held_record_is_a_format_error_saying_why(string line, string message) =>
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => HeldRecordJson.Read(line)).Message, StringComparison.Ordinal);

    /// <summary>What the re-ingest command reports for a line: the property that is wrong, and how.</summary>
    [Theory]
    [InlineData("callUuid", null, "A held record needs 'callUuid' as text.")]
    [InlineData("recordKind", "1", "A held record needs 'recordKind' as text.")]
    [InlineData("rowKey", null, "A held record needs 'rowKey' as text.")]
    [InlineData("receivedAtUtc", null, "A held record needs 'receivedAtUtc' as text.")]
    [InlineData("receivedAtUtc", "\"yesterday\"", "'receivedAtUtc' is not a time: 'yesterday'.")]
    [InlineData("attempt", "\"two\"", "A held record needs 'attempt' as a number.")]
    [InlineData("answeredOn", "20261130", "A held record needs 'answeredOn' as text.")]
    [InlineData("answeredOn", "\"30/11/2026\"", "'answeredOn' is not a day: '30/11/2026'.")]
    [InlineData("fieldNames", "{}", "A held record needs 'fieldNames' as an array.")]
    [InlineData("fieldNames", "[3]", "A held record needs a field name as text.")]
    [InlineData("fields", "[[\"only-a-name\"]]", "Each of 'fields' is a [name, value] pair.")]
    [InlineData("fields", "[[1, \"busy\"]]", "A held record needs a field name as text.")]
    [InlineData("fields", "[[\"DialStatus\", 2]]", "A held record needs a field value as text.")]
    public void A_held_record_with_one_property_wrong_is_a_format_error_naming_it(string property, string? json, string message)
    {
        var line = JsonNode.Parse(CallbackRecordJson.Write(Record))!.AsObject();
        line[property] = json is null ? null : JsonNode.Parse(json);

        Assert.Equal(message, Assert.Throws<FormatException>(() => HeldRecordJson.Read(line.ToJsonString())).Message);
    }

    /// <summary>A record far longer than a log property keeps, with characters that JSON escapes or writes as pairs.</summary>
    private static CallbackRecord LongRecord() => Record with
    {
        Fields = PlivoParameters.ParseUrlEncoded("DialStatus=no-answer&CallerName=" + Uri.EscapeDataString(string.Concat(Enumerable.Repeat("\"Ann\" \u0001 😀 ", 3000)))),
    };

    [Fact]
    public void A_record_that_fits_a_log_property_is_one_line_of_it()
    {
        Assert.Equal([CallbackRecordJson.Write(Record)], CallbackRecordJson.WriteLines(Record));
    }

    [Fact]
    public void A_record_exactly_as_long_as_the_limit_is_one_line()
    {
        var json = CallbackRecordJson.Write(Record);

        Assert.Equal([json], CallbackRecordJson.WriteLines(Record, lineLimit: json.Length));
    }

    [Fact]
    public void A_limit_too_short_for_a_parts_own_JSON_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CallbackRecordJson.WriteLines(Record, lineLimit: 255));

    [Theory]
    [InlineData(CallbackRecordJson.LogPropertyLimit)]
    [InlineData(257)]
    public void Every_part_but_the_last_fills_at_least_half_the_limit_so_a_record_takes_few_lines(int lineLimit)
    {
        var lines = CallbackRecordJson.WriteLines(LongRecord(), lineLimit);

        Assert.All(lines.SkipLast(1), line => Assert.InRange(line.Length, lineLimit / 2, lineLimit));
    }

    [Fact]
    public void A_longer_record_is_cut_into_parts_that_each_fit_a_log_property()
    {
        var lines = CallbackRecordJson.WriteLines(LongRecord());

        Assert.True(lines.Count > 1);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, CallbackRecordJson.LogPropertyLimit));
    }

    [Theory]
    [InlineData(CallbackRecordJson.LogPropertyLimit)]
    [InlineData(257)]
    public void The_parts_of_a_record_join_back_into_it_in_any_order(int lineLimit)
    {
        var record = LongRecord();
        var parts = CallbackRecordJson.WriteLines(record, lineLimit).Select(line => HeldRecordJson.ReadPart(line)!).Reverse().ToList();

        AssertSameRecord(record, HeldRecordJson.Join(parts));
    }

    [Fact]
    public void A_line_writes_characters_outside_the_BMP_as_escapes_so_no_cut_splits_a_surrogate_pair()
    {
        Assert.DoesNotContain(CallbackRecordJson.Write(LongRecord()), char.IsSurrogate);
    }

    [Fact]
    public void A_part_seen_twice_counts_once()
    {
        var parts = CallbackRecordJson.WriteLines(LongRecord()).Select(line => HeldRecordJson.ReadPart(line)!).ToList();

        Assert.Equal(LongRecord().Fields, HeldRecordJson.Join([.. parts, parts[0]]).Fields);
    }

    [Fact]
    public void Two_texts_under_one_index_are_a_format_error()
    {
        var parts = CallbackRecordJson.WriteLines(LongRecord()).Select(line => HeldRecordJson.ReadPart(line)!).ToList();

        var error = Assert.Throws<FormatException>(() => HeldRecordJson.Join([.. parts, parts[0] with { Text = "other" }]));
        Assert.Contains("disagree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_missing_a_part_is_a_format_error_that_says_how_many_arrived()
    {
        var parts = CallbackRecordJson.WriteLines(LongRecord()).Select(line => HeldRecordJson.ReadPart(line)!).ToList();

        var error = Assert.Throws<FormatException>(() => HeldRecordJson.Join(parts[1..]));
        Assert.Contains($"has {parts.Count - 1} of its {parts.Count} parts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_record_is_not_a_part()
    {
        Assert.Null(HeldRecordJson.ReadPart(CallbackRecordJson.Write(Record)));
    }

    [Theory]
    [InlineData("\"index\":3,\"count\":2,\"text\":\"{\"", "A held record part's index 3 is not within its count 2.")]
    [InlineData("\"index\":0,\"count\":2,\"text\":\"{\"", "A held record part's index 0 is not within its count 2.")]
    [InlineData("\"index\":\"1\",\"count\":2,\"text\":\"{\"", "A held record needs 'index' as a number.")]
    [InlineData("\"index\":1,\"text\":\"{\"", "A held record needs 'count' as a number.")]
    [InlineData("\"index\":1,\"count\":2", "A held record needs 'text' as text.")]
    public void A_part_that_cannot_be_one_is_a_format_error_saying_why(string partProperties, string message)
    {
        var line = "{\"heldRecordPart\":{\"id\":\"a\"," + partProperties + "}}";

        Assert.Equal(message, Assert.Throws<FormatException>(() => HeldRecordJson.ReadPart(line)).Message);
    }

    [Fact]
    public void A_part_without_its_record_id_is_a_format_error_saying_so() =>
        Assert.Equal("A held record needs 'id' as text.",
            Assert.Throws<FormatException>(() => HeldRecordJson.ReadPart("{\"heldRecordPart\":{\"index\":1,\"count\":1,\"text\":\"{\"}}")).Message);
}
