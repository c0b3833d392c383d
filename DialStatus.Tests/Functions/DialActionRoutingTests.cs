using System.Text;
using System.Xml.Linq;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Functions;

/// <summary>
/// What the Dial action URL answers and refuses: the XML that carries the call on, and the refusals that store
/// nothing. Storage plays no part here, so these run over the in-memory store.
/// </summary>
public sealed class DialActionRoutingTests : IAsyncLifetime
{
    private const string ALeg = "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string ActionPath = "/api/dialstatus/action";

    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["Dial:UnansweredMessage"] = "Sorry, nobody could take your call." });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static TestRequest ActionPost(string dialStatus, params (string, string)[] extra) => DialActionFunctionTests.ActionPost(dialStatus, extra);

    private Task<TestResponse> PostAsync(TestRequest request) => _app.InvokeAsync(_app.Create<DialActionFunction>().Run, request);

    [Fact]
    public async Task A_completed_dial_ends_the_call_with_Hangup()
    {
        var response = await PostAsync(ActionPost("completed"));

        Assert.StartsWith("application/xml", response.ContentType);
        Assert.True(XNode.DeepEquals(new XElement("Response", new XElement("Hangup")), response.Xml));
    }

    [Theory]
    [InlineData("busy")]
    [InlineData("no-answer")]
    [InlineData("timeout")]
    [InlineData("failed")]
    [InlineData("cancel")]
    public async Task An_unanswered_dial_speaks_the_unanswered_message(string dialStatus)
    {
        var response = await PostAsync(ActionPost(dialStatus));

        Assert.Equal("Sorry, nobody could take your call.", response.Xml.Element("Speak")?.Value);
    }

    [Fact]
    public async Task Without_an_unanswered_message_an_unanswered_dial_hangs_up()
    {
        await using var app = TestApp.CreateInMemory();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, ActionPost("busy"));

        Assert.True(XNode.DeepEquals(new XElement("Response", new XElement("Hangup")), response.Xml));
    }

    [Fact]
    public async Task Missing_DialStatus_is_a_400_that_names_the_field_and_stores_nothing()
    {
        var response = await PostAsync(TestRequest.Post(ActionPath, ("DialALegUUID", ALeg)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("DialStatus", response.Body);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task No_call_UUID_at_all_is_a_400_that_names_the_field()
    {
        var response = await PostAsync(TestRequest.Post(ActionPath, ("DialStatus", "busy")));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("DialALegUUID", response.Body);
    }

    [Fact]
    public async Task A_missing_signature_is_a_403_and_stores_nothing()
    {
        var response = await PostAsync(ActionPost("completed") with { SigningToken = null });

        Assert.Equal(403, response.StatusCode);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_tampered_callback_is_a_403_and_stores_nothing()
    {
        var signedForBusy = ActionPost("busy");
        var tampered = signedForBusy with
        {
            RawBody = Encoding.UTF8.GetBytes(TestRequest.EncodeForm(signedForBusy.Form).Replace("DialStatus=busy", "DialStatus=completed", StringComparison.Ordinal)),
        };

        var response = await PostAsync(tampered);

        Assert.Equal(403, response.StatusCode);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_a_415()
    {
        var response = await PostAsync(ActionPost("busy") with { ContentType = "application/json", RawBody = "{\"DialStatus\":\"busy\"}"u8.ToArray() });

        Assert.Equal(415, response.StatusCode);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_a_413()
    {
        var response = await PostAsync(ActionPost("busy", ("Padding", new string('x', 65 * 1024))));

        Assert.Equal(413, response.StatusCode);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Theory]
    [InlineData("attempt=0", "Query parameter 'attempt'")]
    [InlineData("attempt=-1", "Query parameter 'attempt'")]
    [InlineData("attempt=two", "Query parameter 'attempt'")]
    [InlineData("day=2026-11-31", "Query parameter 'day'")]
    [InlineData("day=30-11-2026", "Query parameter 'day'")]
    [InlineData("day=today", "Query parameter 'day'")]
    public async Task A_malformed_attempt_or_day_is_a_400_naming_it_and_stores_nothing(string query, string named)
    {
        var response = await PostAsync(TestRequest.Post(ActionPath + "?" + query, ("DialALegUUID", ALeg), ("DialStatus", "busy")));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(named, response.Body);
        Assert.Equal(0, _app.InMemoryStore.Count);
    }

    [Fact]
    public async Task The_next_Dial_of_a_sequential_call_carries_the_day_it_was_answered()
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["Dial:Mode"] = "sequential" });

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run,
            TestRequest.Post(ActionPath + "?attempt=1&day=2026-11-29", ("DialALegUUID", ALeg), ("DialStatus", "no-answer")));

        Assert.Equal("https://dialstatus.example.net/api/dialstatus/action?attempt=2&day=2026-11-29#rc=3&rp=ct,rt,5xx",
            (string?)response.Xml.Element("Dial")?.Attribute("action"));
    }
}
