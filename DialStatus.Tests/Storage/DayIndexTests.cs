using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Storage;

/// <summary>
/// The day index: a dial status's own entry, a call marker for every other record, each found from its record
/// alone in the shard of the record's call day, and the key ranges retention relies on.
/// </summary>
public sealed class DayIndexTests
{
    private const string ALeg = "3c4d5e6f-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 27, 0, 5, 0, TimeSpan.Zero);
    private static readonly DateOnly AnsweredOn = new(2026, 11, 26);

    private static readonly string[] Fields = [PlivoFields.DialStatus, PlivoFields.From, PlivoFields.To, PlivoFields.CallUuid];

    private const string Form = "CallUUID=" + ALeg + "&DialStatus=busy&From=%2B14155550123&To=%2B14155550100";

    private static (Azure.Data.Tables.TableEntity Record, Azure.Data.Tables.TableEntity Entry) Save(
        RecordKey key, int? attempt = null, DateOnly? answeredOn = null, string form = Form) =>
        CallRecordEntity.ForSave(new CallbackRecord(ALeg, key, PlivoParameters.ParseUrlEncoded(form), Fields, ReceivedAt, attempt, answeredOn)).Value;

    public static TheoryData<string> NotDialStatuses => [RecordKind.Ring, RecordKind.Hangup, RecordKind.Fallback, RecordKind.DialEvent];

    private static RecordKey KeyOf(string kind) => kind == RecordKind.DialEvent ? RecordKey.DialEvent("b-leg", "hangup") : new RecordKey(kind, kind);

    [Fact]
    public void A_dial_status_has_its_own_entry_keyed_by_its_record_in_its_call_days_shard()
    {
        var (record, entry) = Save(RecordKey.DialAction(2), attempt: 2, answeredOn: AnsweredOn);

        Assert.Equal((DayIndex.PartitionKey(AnsweredOn, DayIndex.ShardOf(ALeg)), $"{ALeg}|DialAction-02"), (entry.PartitionKey, entry.RowKey));
        Assert.Equal((entry.PartitionKey, entry.RowKey), DayIndex.Locate(record, ALeg));
        Assert.Equal(("busy", "+14155550123"), (entry.GetString("DialStatus"), entry.GetString("From")));
    }

    [Theory]
    [MemberData(nameof(NotDialStatuses))]
    public void Every_other_record_writes_and_locates_the_calls_marker_in_its_call_days_shard(string kind)
    {
        var (record, entry) = Save(KeyOf(kind));

        Assert.Equal((DayIndex.PartitionKey(DateOnly.FromDateTime(ReceivedAt.UtcDateTime), DayIndex.ShardOf(ALeg)), $"{ALeg}|Call"), (entry.PartitionKey, entry.RowKey));
        Assert.Equal((entry.PartitionKey, entry.RowKey), DayIndex.Locate(record, ALeg));
    }

    [Fact]
    public void A_call_marker_keeps_only_the_call_UUID_and_a_receive_time_and_no_dial_status()
    {
        var (_, marker) = Save(RecordKey.Hangup, answeredOn: AnsweredOn);

        Assert.Equal(["ALegUUID", "PartitionKey", "ReceivedAtUtc", "RowKey"], marker.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((ALeg, ReceivedAt), (marker.GetString("ALegUUID"), marker.GetDateTimeOffset("ReceivedAtUtc")));
        Assert.False(CallRecordEntity.IsDialStatus(marker));
    }

    [Fact]
    public void A_DialStatus_sent_with_a_record_that_has_no_attempt_is_not_a_dial_status() =>
        Assert.Null(new CallbackRecord(ALeg, RecordKey.Hangup, PlivoParameters.ParseUrlEncoded(Form), Fields, ReceivedAt).DialStatus);

    [Fact]
    public void A_Dial_whose_DialStatus_is_empty_writes_the_calls_marker_not_a_dial_status() =>
        Assert.Equal($"{ALeg}|Call", Save(RecordKey.DialAction(1), attempt: 1, form: Form.Replace("DialStatus=busy", "DialStatus=", StringComparison.Ordinal)).Entry.RowKey);

    [Fact]
    public void A_records_call_day_and_not_its_receive_day_decides_its_shard() =>
        Assert.StartsWith("20261126-", Save(RecordKey.Hangup, answeredOn: AnsweredOn).Entry.PartitionKey);

    [Fact]
    public void The_row_key_range_of_a_call_holds_every_entry_of_it_even_a_shortened_one()
    {
        var (from, before) = DayIndex.RowKeyRange(ALeg);
        var longStatus = Save(RecordKey.Phlo(new string('n', 300), new string('b', 300), "busy"), attempt: 1).Entry.RowKey;

        Assert.All([Save(RecordKey.DialAction(1), attempt: 1).Entry.RowKey, Save(RecordKey.Ring).Entry.RowKey, longStatus], rowKey =>
            Assert.True(string.CompareOrdinal(rowKey, from) >= 0 && string.CompareOrdinal(rowKey, before) < 0, rowKey));
        Assert.Equal(400, longStatus.Length);
    }

    [Theory]
    [InlineData("3c4d5e6f-0c4c-4a4b-9d7e-2f7f5e0c1a1")]
    [InlineData("3c4d5e6f-0c4c-4a4b-9d7e-2f7f5e0c1a110")]
    [InlineData("3c4d5e6f-0c4c-4a4b-9d7e-2f7f5e0c1a12")]
    public void The_row_key_range_of_a_call_excludes_the_markers_of_calls_with_neighbouring_UUIDs(string other)
    {
        var (from, before) = DayIndex.RowKeyRange(ALeg);
        var rowKey = $"{other}|{DayIndex.CallMarker}";

        Assert.False(string.CompareOrdinal(rowKey, from) >= 0 && string.CompareOrdinal(rowKey, before) < 0);
    }

    [Fact]
    public void The_bound_before_a_day_sorts_after_every_shard_of_the_day_before_and_before_every_shard_of_that_day()
    {
        var bound = DayIndex.PartitionKeysBefore(AnsweredOn);

        Assert.All(DayIndex.PartitionKeys(AnsweredOn.AddDays(-1)), key => Assert.True(string.CompareOrdinal(key, bound) < 0, key));
        Assert.All(DayIndex.PartitionKeys(AnsweredOn), key => Assert.True(string.CompareOrdinal(key, bound) > 0, key));
    }

    [Fact]
    public void The_day_of_an_index_partition_is_read_back_from_its_key() =>
        Assert.Equal(AnsweredOn, DayIndex.DayOf(DayIndex.PartitionKey(AnsweredOn, 15)));
}
