using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Functions;

/// <summary>
/// Plain HTTP against the functions hosted in Kestrel and routed from functions.metadata: the routes users
/// paste into Plivo, real request parsing (chunked bodies, headers), route values bound by name.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Call = "e2e00000-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private FunctionHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionHost.StartAsync(TestApp.DefaultSettings(azurite.ConnectionString));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_signed_answer_request_over_HTTP_gets_the_Dial_as_application_xml()
    {
        using var response = await _host.SendAsync(TestRequest.Post("/api/dialstatus", ("CallUUID", Call), ("Event", "StartApp")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Dial"));
    }

    [Fact]
    public async Task A_call_posted_over_HTTP_can_be_read_back_from_its_timeline_route()
    {
        using var action = await _host.SendAsync(TestRequest.Post("/api/dialstatus/action", ("DialALegUUID", Call), ("DialStatus", "no-answer")));
        using var hangup = await _host.SendAsync(TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", Call), ("Event", "Hangup")));

        using var timeline = await _host.Client.GetAsync($"/api/dialstatus/calls/{Call}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (action.StatusCode, hangup.StatusCode));
        var events = JsonDocument.Parse(await timeline.Content.ReadAsStringAsync()).RootElement.GetProperty("events");
        Assert.Equal(["DialAction", "Hangup"], events.EnumerateArray().Select(e => e.GetProperty("recordKind").GetString()));
    }

    [Fact]
    public async Task A_DELETE_on_a_calls_timeline_route_erases_the_call_and_a_GET_then_finds_nothing()
    {
        const string erased = "e2e00000-0c4c-4a4b-9d7e-2f7f5e0c1a12";
        using var hangup = await _host.SendAsync(TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", erased), ("Event", "Hangup")));

        using var deleted = await _host.Client.DeleteAsync($"/api/dialstatus/calls/{erased}");
        using var timeline = await _host.Client.GetAsync($"/api/dialstatus/calls/{erased}");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound), (hangup.StatusCode, deleted.StatusCode, timeline.StatusCode));
    }

    [Fact]
    public async Task A_chunked_body_over_64_KB_is_refused_with_413()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/dialstatus/action")
        {
            Content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("DialStatus=busy&Padding=" + new string('x', 70 * 1024)))),
        };
        message.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        message.Headers.TransferEncodingChunked = true;

        using var response = await _host.Client.SendAsync(message);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_method_the_route_table_does_not_list_is_not_routed()
    {
        using var response = await _host.Client.PutAsync("/api/dialstatus/action", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
