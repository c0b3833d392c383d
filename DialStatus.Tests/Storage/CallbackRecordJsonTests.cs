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
        AssertSameRecord(Record, CallbackRecordJson.Read(CallbackRecordJson.Write(Record)));
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
        var read = CallbackRecordJson.Read(CallbackRecordJson.Write(Record with { Key = RecordKey.Hangup, Attempt = null, AnsweredOn = null }));

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
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"callUuid\":\"a\",\"callUuid\":\"b\",\"recordKind\":\"Hangup\",\"rowKey\":\"Hangup\",\"receivedAtUtc\":\"2026-11-30T00:00:00Z\",\"fieldNames\":[],\"fields\":[]}")]
    [InlineData("{\"callUuid\":\"a\",\"recordKind\":\"Hangup\",\"rowKey\":\"Hangup\",\"receivedAtUtc\":\"yesterday\",\"fieldNames\":[],\"fields\":[]}")]
    [InlineData("{\"callUuid\":\"a\",\"recordKind\":\"Hangup\",\"rowKey\":\"Hangup\",\"receivedAtUtc\":\"2026-11-30T00:00:00Z\",\"fieldNames\":[],\"fields\":[[\"only-a-name\"]]}")]
    public void A_line_that_is_not_a_held_record_is_a_format_error(string line) =>
        Assert.Throws<FormatException>(() => CallbackRecordJson.Read(line));

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
        var parts = CallbackRecordJson.WriteLines(record, lineLimit).Select(line => CallbackRecordJson.ReadPart(line)!).Reverse().ToList();

        AssertSameRecord(record, CallbackRecordJson.Join(parts));
    }

    [Fact]
    public void A_line_writes_characters_outside_the_BMP_as_escapes_so_no_cut_splits_a_surrogate_pair()
    {
        Assert.DoesNotContain(CallbackRecordJson.Write(LongRecord()), char.IsSurrogate);
    }

    [Fact]
    public void A_part_seen_twice_counts_once()
    {
        var parts = CallbackRecordJson.WriteLines(LongRecord()).Select(line => CallbackRecordJson.ReadPart(line)!).ToList();

        Assert.Equal(LongRecord().Fields, CallbackRecordJson.Join([.. parts, parts[0]]).Fields);
    }

    [Fact]
    public void Two_texts_under_one_index_are_a_format_error()
    {
        var parts = CallbackRecordJson.WriteLines(LongRecord()).Select(line => CallbackRecordJson.ReadPart(line)!).ToList();

        var error = Assert.Throws<FormatException>(() => CallbackRecordJson.Join([.. parts, parts[0] with { Text = "other" }]));
        Assert.Contains("disagree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_missing_a_part_is_a_format_error_that_says_how_many_arrived()
    {
        var parts = CallbackRecordJson.WriteLines(LongRecord()).Select(line => CallbackRecordJson.ReadPart(line)!).ToList();

        var error = Assert.Throws<FormatException>(() => CallbackRecordJson.Join(parts[1..]));
        Assert.Contains($"has {parts.Count - 1} of its {parts.Count} parts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_record_is_not_a_part()
    {
        Assert.Null(CallbackRecordJson.ReadPart(CallbackRecordJson.Write(Record)));
    }

    [Theory]
    [InlineData("{\"heldRecordPart\":{\"id\":\"a\",\"index\":3,\"count\":2,\"text\":\"{\"}}")]
    [InlineData("{\"heldRecordPart\":{\"id\":\"a\",\"index\":1,\"count\":2}}")]
    public void A_part_that_cannot_be_one_is_a_format_error(string line) =>
        Assert.Throws<FormatException>(() => CallbackRecordJson.ReadPart(line));
}
