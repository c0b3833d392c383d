using System.Text.Json;
using DialStatus.Cli.Reingest;
using DialStatus.Functions;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Cli;

/// <summary>Re-ingesting abandoned records from their log lines: whole records and the parts of long ones.</summary>
public sealed class HeldRecordReingestTests
{
    private const string LongCall = "6b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private const string ShortCall = "7c2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a";

    private static CallbackRecord Record(string callUuid, string callerName) => new(
        callUuid, RecordKey.DialAction(1),
        PlivoParameters.ParseUrlEncoded($"DialALegUUID={callUuid}&DialStatus=busy&CallerName={Uri.EscapeDataString(callerName)}"),
        [PlivoFields.DialStatus], new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), 1, new DateOnly(2026, 11, 30));

    private static readonly string LongName = string.Concat(Enumerable.Repeat("Reception desk ", 1200));

    [Fact]
    public async Task The_parts_of_a_long_record_among_other_lines_are_joined_and_written_once()
    {
        var parts = CallbackRecordJson.WriteLines(Record(LongCall, LongName));
        var store = new InMemoryCallRecordStore();

        var summary = await HeldRecordReingest.ReingestAsync(store, [parts[^1], CallbackRecordJson.Write(Record(ShortCall, "Ann")), .. parts.SkipLast(1)], CancellationToken.None);

        Assert.Equal((2, 0), (summary.Written, summary.Failures.Count));
        var stored = Assert.Single((await store.ReadCallAsync(LongCall, CancellationToken.None)).Value);
        Assert.Equal(LongName, JsonDocument.Parse(stored.RawParameters!).RootElement.GetProperty("CallerName").GetString());
    }

    [Fact]
    public async Task A_long_record_missing_a_part_is_named_by_the_line_of_its_first_part_and_nothing_of_it_is_written()
    {
        var parts = CallbackRecordJson.WriteLines(Record(LongCall, LongName));
        var store = new InMemoryCallRecordStore();

        var summary = await HeldRecordReingest.ReingestAsync(store, [CallbackRecordJson.Write(Record(ShortCall, "Ann")), .. parts.Skip(1)], CancellationToken.None);

        Assert.Equal(1, summary.Written);
        Assert.Equal(2, Assert.Single(summary.Failures).Line);
        Assert.Empty((await store.ReadCallAsync(LongCall, CancellationToken.None)).Value);
    }

    [Theory]
    [InlineData("{\"heldRecordPart\":{\"id\":\"a\",\"index\":1,\"index\":1,\"count\":2,\"text\":\"{\"}}")]
    [InlineData("{\"heldRecordPart\":1,\"heldRecordPart\":2}")]
    [InlineData("{\"heldRecordPart\":{\"id\":\"a\",\"index\":\"one\",\"count\":2,\"text\":\"{\"}}")]
    public async Task A_malformed_line_is_named_and_the_lines_after_it_are_still_written(string malformed)
    {
        var store = new InMemoryCallRecordStore();

        var summary = await HeldRecordReingest.ReingestAsync(store, [malformed, CallbackRecordJson.Write(Record(ShortCall, "Ann"))], CancellationToken.None);

        Assert.Equal((1, 1), (summary.Written, Assert.Single(summary.Failures).Line));
    }

    [Fact]
    public async Task Blank_lines_are_skipped_but_still_counted_in_the_line_numbers()
    {
        var store = new InMemoryCallRecordStore();

        var summary = await HeldRecordReingest.ReingestAsync(store, ["", "  ", "not a record"], CancellationToken.None);

        Assert.Equal((0, 3), (summary.Written, Assert.Single(summary.Failures).Line));
    }

    [Theory]
    [InlineData("refused", "Field 'CallerName' is too large to store.")]
    [InlineData("unavailable", "Table Storage is unavailable: HTTP 503 ServerBusy.")]
    [InlineData("aborted", "stopped before it was written")]
    public async Task A_record_the_store_does_not_take_is_a_failure_saying_why(string ended, string reason)
    {
        Outcome outcome = ended switch
        {
            "refused" => new Outcome.Refused(Refusal.TooLarge, reason),
            "unavailable" => new Outcome.StorageUnavailable(reason),
            _ => new Outcome.Aborted(),
        };
        var store = new FaultingSaveStore((_, _) => outcome);

        var summary = await HeldRecordReingest.ReingestAsync(store, [CallbackRecordJson.Write(Record(ShortCall, "Ann"))], CancellationToken.None);

        Assert.Equal((0, reason), (summary.Written, Assert.Single(summary.Failures).Reason));
    }
}
