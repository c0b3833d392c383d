using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Hostile;

/// <summary>
/// The fields that key or classify a record must have Plivo's shape (docs/plivo.md §3.7): otherwise a 400 that
/// names the field, and nothing stored. Values Plivo may add later in those shapes are accepted; an empty value is
/// an absent one; free text stays verbatim.
/// </summary>
public sealed class FieldShapeTests : IAsyncLifetime
{
    private const string ALeg = "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string BLeg = "c0a58e17-9d24-4f6b-8a13-72e5b4c9d806";

    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.CreateInMemory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TestResponse> ActionAsync(params (string, string)[] form) =>
        _app.InvokeAsync(_app.Create<DialActionFunction>().Run, TestRequest.Post("/api/dialstatus/action", form));

    private Task<TestResponse> CallbackAsync(params (string, string)[] form) =>
        _app.InvokeAsync(_app.Create<DialCallbackFunction>().Run, TestRequest.Post("/api/dialstatus/callback", form));

    private static (string, string)[] Action(string field, string value) =>
        [.. new (string Name, string Value)[] { ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialStatus", "busy"), ("Direction", "inbound"), ("CallStatus", "in-progress") }
            .Where(f => f.Name != field), (field, value)];

    [Theory]
    [InlineData("CallUUID", "not-a-uuid")]
    [InlineData("DialALegUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11DialAction")]
    [InlineData("DialBLegUUID", "c0a58e17")]
    [InlineData("ALegUUID", "{5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11}")]
    [InlineData("RequestUUID", "5b6ae8e20c4c4a4b9d7e2f7f5e0c1a11")]
    [InlineData("DialStatus", "completedDirectioninbound")]
    [InlineData("DialStatus", "Completed")]
    [InlineData("DialStatus", "no answer")]
    [InlineData("DialStatus", "-busy")]
    [InlineData("CallStatus", "in-progress<script>")]
    [InlineData("Direction", "inbound2")]
    [InlineData("Event", "Start App")]
    [InlineData("DialStatus", "busy-")]
    [InlineData("DialStatus", "no--answer")]
    [InlineData("DialStatus", "abcdefghijklmnopqrstuvwxyzabcdefg")]
    [InlineData("Event", "StartAppStartAppStartAppStartAppS")]
    [InlineData("DialDigitsPressedBy", "B-leg")]
    [InlineData("DialDigitsMatch", "12a")]
    [InlineData("DialDigitsMatch", "123456789012345678901234567890123")]
    [InlineData("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a1g")]
    public async Task A_keying_or_classifying_field_without_Plivos_shape_is_a_400_naming_it_and_stores_nothing(string field, string value)
    {
        var response = await ActionAsync(Action(field, value));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains($"'{field}'", response.Body);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Theory]
    [InlineData("DialStatus", "rerouted-by-carrier")]
    [InlineData("Direction", "outbound")]
    [InlineData("CallStatus", "early-media")]
    [InlineData("Event", "DialRedirect")]
    [InlineData("DialBLegUUID", "")]
    [InlineData("CallUUID", "5B6AE8E2-0C4C-4A4B-9D7E-2F7F5E0C1A11")]
    [InlineData("DialStatus", "abcdefghijklmnopqrstuvwxyzabcdef")]
    [InlineData("Event", "StartAppStartAppStartAppStartApp")]
    [InlineData("DialDigitsPressedBy", "BLeg")]
    [InlineData("DialDigitsMatch", "12*#")]
    [InlineData("DialDigitsMatch", "12345678901234567890123456789012")]
    public async Task Values_Plivo_may_send_in_those_shapes_and_empty_values_are_accepted(string field, string value) =>
        Assert.Equal(200, (await ActionAsync(Action(field, value))).StatusCode);

    [Fact]
    public async Task A_keying_field_sent_twice_with_different_values_is_a_400()
    {
        var response = await ActionAsync(("DialALegUUID", ALeg), ("DialStatus", "busy"), ("DialStatus", "completed"));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("'DialStatus'", response.Body);
    }

    [Fact]
    public async Task The_issues_first_re_split_moving_Direction_into_DialStatus_is_refused()
    {
        // Genuine: DialStatus=completed & Direction=inbound. Re-split: DialStatus=completedDirectioninbound, no Direction.
        var response = await ActionAsync(("DialALegUUID", ALeg), ("DialBLegUUID", BLeg), ("DialStatus", "completedDirectioninbound"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task The_issues_second_re_split_moving_DialAction_into_DialALegUUID_is_refused()
    {
        // Genuine: DialALegUUID=<A> & DialAction=hangup. Re-split: DialALegUUID=<A>DialActionhangup, no DialAction.
        var response = await CallbackAsync(("CallUUID", ALeg), ("DialALegUUID", ALeg + "DialActionhangup"), ("DialBLegUUID", BLeg));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_free_text_field_holding_a_missing_field_where_it_would_sort_is_a_400_naming_both()
    {
        // Genuine: DialBLegTo=... & DialBLegUUID=<B>. Re-split: the B leg swallowed into DialBLegTo.
        var response = await CallbackAsync(("CallUUID", ALeg), ("DialAction", "hangup"), ("DialBLegTo", "+14155550188DialBLegUUID" + BLeg));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("'DialBLegTo'", response.Body);
        Assert.Contains("'DialBLegUUID'", response.Body);
    }

    [Fact]
    public async Task A_field_name_not_starting_with_an_upper_case_letter_is_a_400()
    {
        var response = await ActionAsync(("DialALegUUID", ALeg), ("DialStatus", "busy"), ("ialHangup", ""));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("upper-case letter", response.Body);
    }

    [Fact]
    public async Task A_refusal_never_echoes_the_requests_text()
    {
        var response = await CallbackAsync(("CallUUID", ALeg), ("DialAction", "hangup"), ("X-PH-Desk", "+14155550188DialBLegUUID" + BLeg));

        Assert.Equal(400, response.StatusCode);
        Assert.DoesNotContain("X-PH-Desk", response.Body);
        Assert.DoesNotContain("+14155550188", response.Body);
    }

    [Fact]
    public async Task A_re_split_hidden_in_a_custom_header_is_refused_naming_the_missing_field_only()
    {
        var response = await CallbackAsync(("CallUUID", ALeg), ("DialAction", "hangup"), ("X-PH-Desk", "+14155550188DialBLegUUID" + BLeg));

        Assert.Contains("A field (a custom header, or unknown) holds 'DialBLegUUID'", response.Body);
    }

    [Fact]
    public async Task A_classifying_value_cut_short_into_a_made_up_field_name_is_refused_naming_it()
    {
        var response = await CallbackAsync(("CallUUID", ALeg), ("DialAction", "hangup"), ("Event", "Dial"), ("HangupFrom", "+14155550123"));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Field 'Event' ends where a field name Plivo does not send begins", response.Body);
    }

    [Fact]
    public async Task A_field_name_in_the_first_fields_text_where_it_cannot_sort_is_stored_as_text()
    {
        var response = await ActionAsync(("CallerName", "AnnDirectioninbound"), ("DialALegUUID", ALeg), ("DialStatus", "busy"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_missing_field_hidden_in_free_text_and_followed_by_a_made_up_field_is_a_re_split()
    {
        var response = await ActionAsync(("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialStatus", "busy"), ("From", "+14155550123Directioninbound"), ("Qux", "1"));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("holds 'Direction'", response.Body);
    }

    [Fact]
    public async Task A_missing_field_hidden_in_free_text_and_followed_by_a_custom_headers_name_is_a_re_split()
    {
        var response = await ActionAsync(("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialStatus", "busy"), ("From", "+14155550123DirectioninboundX-PH-Desk1"));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("holds 'Direction'", response.Body);
    }

    [Theory]
    [InlineData("CallUUID", "not-a-uuid", "a UUID (8-4-4-4-12 hexadecimal digits)")]
    [InlineData("DialStatus", "Completed", "lower-case words joined by hyphens (at most 32 characters)")]
    [InlineData("Event", "Start App", "letters only (at most 32)")]
    [InlineData("DialDigitsMatch", "12a", "DTMF digits 0-9, * and #")]
    public async Task A_refusal_says_the_shape_Plivo_sends(string field, string value, string shape) =>
        Assert.Contains($"Field '{field}' must be {shape}, as Plivo sends it.", (await ActionAsync(Action(field, value))).Body);

    [Theory]
    [InlineData("From", "sip:EventsTeam@example.com")]
    [InlineData("From", "sip:DirectionsDesk@example.com")]
    public async Task Free_text_holding_a_missing_fields_name_and_a_value_of_its_shape_not_followed_by_a_field_is_stored(string field, string value)
    {
        // The action carries no Event (or Direction, once removed): the name sorts where these fields' text stands.
        var form = Action(field, value).Where(f => !(f.Item1 == "Direction" && value.Contains("Direction", StringComparison.Ordinal))).ToArray();

        var response = await ActionAsync(form);

        Assert.True(response.StatusCode == 200, response.Body);
    }

    [Fact]
    public async Task Free_text_that_merely_contains_a_field_name_is_stored_verbatim()
    {
        // "Machine" is a Plivo field this request lacks, but CallerName does not sort where it would.
        var response = await _app.InvokeAsync(_app.Create<HangupFunction>().Run, TestRequest.Post("/api/dialstatus/hangup",
            ("CallUUID", ALeg), ("Event", "Hangup"), ("CallerName", "Machine Shop"), ("Direction", "inbound"), ("From", "+14155550123"),
            ("To", "+14155550100"), ("HangupCauseName", "From To Direction"), ("HangupSource", "Caller")));

        Assert.True(response.StatusCode == 200, response.Body);
    }

    [Theory]
    [InlineData("front desk", 400)]
    [InlineData("node<1>", 400)]
    [InlineData("forward_1", 200)]
    [InlineData("Forward-Node-2", 200)]
    [InlineData("n234567890123456789012345678901234567890123456789012345678901234", 200)]
    public async Task A_PHLO_node_name_has_letters_digits_underscores_and_hyphens(string node, int status)
    {
        var response = await _app.InvokeAsync(_app.Create<PhloFunction>().Run,
            TestRequest.Post("/api/dialstatus/phlo?node=" + Uri.EscapeDataString(node), ("DialALegUUID", ALeg), ("DialStatus", "busy")) with { SigningToken = null });

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task A_PHLO_node_named_twice_is_refused() =>
        Assert.StartsWith("Parameter 'node' is given more than once", (await _app.InvokeAsync(_app.Create<PhloFunction>().Run,
            TestRequest.Post("/api/dialstatus/phlo?node=a&node=a", ("DialALegUUID", ALeg), ("DialStatus", "busy")) with { SigningToken = null })).Body,
            StringComparison.Ordinal);

    [Fact]
    public async Task An_empty_keying_field_that_sorts_first_is_stored_as_sent() =>
        Assert.Equal(200, (await _app.InvokeAsync(_app.Create<HangupFunction>().Run,
            TestRequest.Post("/api/dialstatus/hangup", ("ALegUUID", ""), ("CallUUID", ALeg), ("Event", "Hangup")))).StatusCode);

    [Fact]
    public async Task A_PHLO_node_name_refusal_says_what_a_name_may_hold() =>
        Assert.Contains("Field 'node' must be letters, digits, _ and - (at most 64), as Plivo sends it.", (await _app.InvokeAsync(_app.Create<PhloFunction>().Run,
            TestRequest.Post("/api/dialstatus/phlo?node=front+desk", ("DialALegUUID", ALeg), ("DialStatus", "busy")) with { SigningToken = null })).Body);

    [Fact]
    public async Task A_PHLO_node_name_over_64_characters_is_a_400() =>
        Assert.Equal(400, (await _app.InvokeAsync(_app.Create<PhloFunction>().Run,
            TestRequest.Post("/api/dialstatus/phlo?node=" + new string('n', 65), ("DialALegUUID", ALeg), ("DialStatus", "busy")) with { SigningToken = null })).StatusCode);
}
