using System.Text.Json;
using Azure.Data.Tables;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Storage;

/// <summary>The Table entity of one callback: Plivo's fields verbatim, our UTC receive time, every parameter as JSON.</summary>
public sealed class CallRecordTests
{
    private const string ALeg = "d0c5a9f2-1111-4c2a-9b7e-000000000001";
    private static readonly DateTimeOffset ReceivedAt = new(2025, 3, 14, 15, 9, 26, TimeSpan.FromHours(2));

    private static readonly string[] ActionFields =
        [PlivoFields.DialStatus, PlivoFields.DialALegUuid, PlivoFields.DialBLegUuid, PlivoFields.DialHangupCause, PlivoFields.From];

    private static TableEntity Create(string form, string aLeg = ALeg) =>
        CallRecordEntity.Create(new CallbackRecord(aLeg, new RecordKey(RecordKind.DialAction, "action-1"), PlivoParameters.ParseUrlEncoded(form), ActionFields, ReceivedAt));

    private static JsonElement Raw(TableEntity entity)
    {
        using var document = JsonDocument.Parse(entity.GetString(RecordProperties.RawParameters));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Partition_key_is_the_A_leg_UUID() =>
        Assert.Equal(ALeg, Create("DialStatus=busy").PartitionKey);

    [Fact]
    public void Partition_key_is_the_encoded_A_leg_UUID_when_it_holds_forbidden_characters() =>
        Assert.Equal(TableKeys.Encode("odd/uuid#1"), Create("DialStatus=busy", aLeg: "odd/uuid#1").PartitionKey);

    [Fact]
    public void Row_key_is_taken_as_given() =>
        Assert.Equal("action-1", Create("DialStatus=busy").RowKey);

    [Fact]
    public void Record_kind_is_set() =>
        Assert.Equal(RecordKind.DialAction, Create("DialStatus=busy").GetString(RecordProperties.RecordKind));

    [Fact]
    public void Receive_time_is_stored_in_UTC()
    {
        var stored = Create("DialStatus=busy").GetDateTimeOffset(RecordProperties.ReceivedAtUtc);

        Assert.Equal((ReceivedAt.UtcDateTime, TimeSpan.Zero), (stored!.Value.UtcDateTime, stored.Value.Offset));
    }

    [Fact]
    public void Listed_Plivo_fields_are_copied_verbatim()
    {
        var entity = Create($"DialStatus=no-answer&DialALegUUID={ALeg}&DialHangupCause=NO_ANSWER&From=%2B14155550123");

        Assert.Equal(
            ("no-answer", ALeg, "NO_ANSWER", "+14155550123"),
            (entity.GetString("DialStatus"), entity.GetString("DialALegUUID"), entity.GetString("DialHangupCause"), entity.GetString("From")));
    }

    [Fact]
    public void Unknown_dial_status_value_is_stored_as_sent() =>
        Assert.Equal("weird-status", Create("DialStatus=weird-status").GetString("DialStatus"));

    [Fact]
    public void Empty_listed_field_is_stored_as_empty() =>
        Assert.Equal("", Create("DialStatus=no-answer&DialBLegUUID=").GetString("DialBLegUUID"));

    [Fact]
    public void Absent_listed_fields_are_not_added_as_properties()
    {
        var entity = Create("DialStatus=busy");

        Assert.False(entity.ContainsKey("DialBLegUUID") || entity.ContainsKey("DialHangupCause") || entity.ContainsKey("From"));
    }

    [Fact]
    public void Unlisted_fields_are_not_added_as_properties() =>
        Assert.False(Create("DialStatus=busy&X-PH-Tenant=acme").ContainsKey("X-PH-Tenant"));

    [Fact]
    public void Repeated_listed_field_stores_its_first_value() =>
        Assert.Equal("busy", Create("DialStatus=busy&DialStatus=completed").GetString("DialStatus"));

    [Fact]
    public void Raw_parameters_is_a_JSON_object_holding_every_parameter_in_order()
    {
        var raw = Raw(Create($"DialStatus=busy&DialALegUUID={ALeg}&X-PH-Tenant=acme&BrandNewField=1&empty="));

        Assert.Equal(
            [("DialStatus", "busy"), ("DialALegUUID", ALeg), ("X-PH-Tenant", "acme"), ("BrandNewField", "1"), ("empty", "")],
            raw.EnumerateObject().Select(p => (p.Name, p.Value.GetString())));
    }

    [Fact]
    public void Raw_parameters_hold_a_repeated_name_as_an_array() =>
        Assert.Equal(
            ["b", "a", "b"],
            Raw(Create("Tag=b&DialStatus=busy&Tag=a&Tag=b")).GetProperty("Tag").EnumerateArray().Select(v => v.GetString()));

    [Fact]
    public void Raw_parameters_with_a_repeated_name_keep_every_other_field_once()
    {
        var raw = Raw(Create("Tag=b&DialStatus=busy&Tag=a&From=%2B14155550123"));

        Assert.Equal(
            [("Tag", "[\"b\",\"a\"]"), ("DialStatus", "\"busy\""), ("From", "\"+14155550123\"")],
            raw.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
    }

    [Fact]
    public void Raw_parameters_keep_case_distinct_names_apart()
    {
        var raw = Raw(Create("To=upper&to=lower"));

        Assert.Equal(("upper", "lower"), (raw.GetProperty("To").GetString(), raw.GetProperty("to").GetString()));
    }

    [Fact]
    public void Raw_parameters_keep_plus_and_non_ASCII_readable()
    {
        var json = Create("From=%2B14155550123&CallerName=Jos%C3%A9+M%C3%BCller+%E6%97%A5%E6%9C%AC").GetString(RecordProperties.RawParameters);

        Assert.Equal("{\"From\":\"+14155550123\",\"CallerName\":\"José Müller 日本\"}", json);
    }

    [Fact]
    public void Raw_parameters_hold_only_this_calls_fields_after_a_large_call_and_one_with_repeated_names()
    {
        CallRecordEntity.ToJson(PlivoParameters.ParseUrlEncoded("Note=" + new string('x', 20_000)));
        CallRecordEntity.ToJson(PlivoParameters.ParseUrlEncoded("Tag=a&Tag=b"));

        Assert.Equal("{\"DialStatus\":\"busy\",\"Tag\":\"c\"}", CallRecordEntity.ToJson(PlivoParameters.ParseUrlEncoded("DialStatus=busy&Tag=c")));
    }

    [Fact]
    public void Raw_parameters_of_an_empty_request_is_an_empty_object() =>
        Assert.Equal("{}", CallRecordEntity.ToJson(PlivoParameters.Empty));

    [Fact]
    public void Raw_parameters_escape_quotes_so_the_JSON_stays_valid() =>
        Assert.Equal("say \"hi\"\\", Raw(Create("q=say+%22hi%22%5C")).GetProperty("q").GetString());

    [Fact]
    public void Oversized_string_property_is_flagged_by_name()
    {
        var entity = Create("DialStatus=busy");
        entity["Huge"] = new string('x', CallRecordEntity.MaxStringLength + 1);

        Assert.Equal("Huge", CallRecordEntity.FindOversizedProperty(entity));
    }

    [Fact]
    public void String_property_at_the_limit_passes()
    {
        var entity = Create("DialStatus=busy");
        entity["Big"] = new string('x', CallRecordEntity.MaxStringLength);

        Assert.Null(CallRecordEntity.FindOversizedProperty(entity));
    }

    [Fact]
    public void Normal_entity_passes_the_size_check() =>
        Assert.Null(CallRecordEntity.FindOversizedProperty(Create($"DialStatus=busy&DialALegUUID={ALeg}&From=%2B14155550123")));

    [Fact]
    public void Oversized_raw_parameters_are_flagged() =>
        Assert.Equal(
            RecordProperties.RawParameters,
            CallRecordEntity.FindOversizedProperty(Create("Blob=" + new string('x', CallRecordEntity.MaxStringLength))));
}
