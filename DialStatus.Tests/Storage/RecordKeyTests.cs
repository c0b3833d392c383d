using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Storage;

/// <summary>
/// The RowKeys docs/storage.md documents: a redelivered callback replaces its record only while its key stays the
/// same, so the layout holds across releases.
/// </summary>
public sealed class RecordKeyTests
{
    private const string BLeg = "5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

    [Fact]
    public void A_Dial_attempts_key_is_its_two_digit_attempt() =>
        Assert.Equal("DialAction-03", RecordKey.DialAction(3).RowKey);

    [Fact]
    public void A_Dial_events_key_is_its_B_leg_and_DialAction() =>
        Assert.Equal($"DialEvent-{BLeg}-hangup", RecordKey.DialEvent(BLeg, "hangup", "1", "12").RowKey);

    [Fact]
    public void A_digits_events_key_adds_who_pressed_and_what_matched() =>
        Assert.Equal($"DialEvent-{BLeg}-digits-bleg-12", RecordKey.DialEvent(BLeg, "digits", "bleg", "12").RowKey);

    [Fact]
    public void A_digits_event_without_its_digits_fields_keeps_their_places_empty() =>
        Assert.Equal($"DialEvent-{BLeg}-digits--", RecordKey.DialEvent(BLeg, "digits").RowKey);

    [Fact]
    public void A_PHLO_statuss_key_is_its_node_B_leg_and_DialStatus() =>
        Assert.Equal($"Phlo-forward-{BLeg}-busy", RecordKey.Phlo("forward", BLeg, "busy").RowKey);

    [Fact]
    public void A_PHLO_status_without_a_node_or_B_leg_has_a_dash_and_none_in_their_places() =>
        Assert.Equal("Phlo---none-no-answer", RecordKey.Phlo(null, null, "no-answer").RowKey);
}
