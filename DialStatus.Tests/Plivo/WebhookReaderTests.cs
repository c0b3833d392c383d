using System.Text;
using DialStatus.Functions;
using DialStatus.Functions.Plivo;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Plivo;

/// <summary>
/// How a webhook's body is read: up to 64 KB however it arrives, a PHLO node's JSON object as fields, and each
/// refusal saying what was wrong with the request.
/// </summary>
public sealed class WebhookReaderTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.CreateInMemory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static TestRequest Unsigned(string body, string? contentType = "application/x-www-form-urlencoded") =>
        new() { PathAndQuery = "/api/dialstatus/phlo", RawBody = Encoding.UTF8.GetBytes(body), ContentType = contentType, SigningToken = null };

    private async Task<Result<PlivoWebhookRequest>> ReadAsync(TestRequest request, bool signed = false)
    {
        var reader = _app.Create<PlivoWebhookReader>();
        var http = request.ToHttpContext(_app.Services).Request;
        return signed ? await reader.ReadSignedAsync(http, CancellationToken.None) : await reader.ReadUnsignedAsync(http, CancellationToken.None);
    }

    private static string RefusalOf(Result<PlivoWebhookRequest> read) =>
        read.TryGet(out _, out var ended) ? "read" : Assert.IsType<Outcome.Refused>(ended).Message;

    [Theory]
    [InlineData(408, "The body arrived too slowly and the server stopped waiting for it. Nothing was stored.")]
    [InlineData(400, "The body ended before it was whole. Nothing was stored.")]
    public async Task A_body_the_server_stopped_reading_is_the_clients_fault_saying_why(int serverStatus, string refusal)
    {
        var read = await ReadBodyThatThrowsAsync(new Microsoft.AspNetCore.Http.BadHttpRequestException("stopped", serverStatus));

        var refused = Assert.IsType<Outcome.Refused>(read.Ended);
        Assert.Equal((serverStatus == 408 ? Refusal.RequestTimeout : Refusal.BadRequest, refusal), (refused.Reason, refused.Message));
    }

    [Fact]
    public async Task A_connection_reset_while_the_body_arrives_ends_the_request_as_aborted()
    {
        var read = await ReadBodyThatThrowsAsync(new IOException("Connection reset by peer"));

        Assert.IsType<Outcome.Aborted>(read.Ended);
    }

    private async Task<Result<PlivoWebhookRequest>> ReadBodyThatThrowsAsync(Exception failure)
    {
        var http = TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11")).ToHttpContext(_app.Services).Request;
        http.Body = new FailingStream(failure);
        return await _app.Create<PlivoWebhookReader>().ReadSignedAsync(http, CancellationToken.None);
    }

    /// <summary>A request body whose reads fail as a server's do when the client stops sending.</summary>
    private sealed class FailingStream(Exception failure) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);
    }

    [Fact]
    public async Task A_signature_that_does_not_match_names_the_URL_it_was_checked_against_and_the_settings_to_check()
    {
        var request = TestRequest.Get("/api/dialstatus/hangup?CallUUID=5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11&From=%2B14155550123") with { SigningToken = "another-token" };

        var refusal = RefusalOf(await ReadAsync(request, signed: true));

        Assert.Contains("checked against https://dialstatus.example.net/api/dialstatus/hangup (and its query)", refusal, StringComparison.Ordinal);
        Assert.Contains("Plivo:AuthToken (Plivo__AuthToken)", refusal, StringComparison.Ordinal);
        Assert.Contains("DialStatus:PublicBaseUrl (DialStatus__PublicBaseUrl)", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_refusal_echoes_neither_the_token_nor_the_query()
    {
        var request = TestRequest.Get("/api/dialstatus/hangup?CallUUID=5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11&From=%2B14155550123") with { SigningToken = "another-token" };

        var refusal = RefusalOf(await ReadAsync(request, signed: true));

        Assert.DoesNotContain(TestApp.AuthToken, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("14155550123", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("5b6ae8e2", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_of_exactly_64_KB_is_read_whole_with_or_without_Content_Length(bool sendContentLength)
    {
        const string start = "DialStatus=busy&X-PH-Padding=";
        var padding = new string('x', PlivoWebhookReader.MaxBodyBytes - start.Length);

        var read = await ReadAsync(Unsigned(start + padding) with { SendContentLength = sendContentLength });

        Assert.True(read.TryGet(out var webhook, out _));
        Assert.Equal(padding, webhook.Form["X-PH-Padding"]);
    }

    [Fact]
    public void The_call_is_the_one_DialALegUUID_names_when_CallUUID_names_another()
    {
        var fields = PlivoParameters.ParseUrlEncoded("CallUUID=5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11&DialALegUUID=c0a58e17-9d24-4f6b-8a13-72e5b4c9d806");

        Assert.Equal("c0a58e17-9d24-4f6b-8a13-72e5b4c9d806", PlivoWebhookRequest.ALegUuidOf(fields));
    }

    [Fact]
    public async Task A_JSON_array_is_read_as_a_repeated_field()
    {
        var read = await ReadAsync(Unsigned("""{"DialStatus":"busy","X-PH-Tag":["a","b"]}""", "application/json"));

        Assert.True(read.TryGet(out var webhook, out _));
        Assert.Equal(["a", "b"], webhook.Form.Where(f => f.Key == "X-PH-Tag").Select(f => f.Value));
    }

    [Theory]
    [InlineData("a method Plivo does not send", "PUT", "DialStatus=busy", "application/x-www-form-urlencoded", "Method PUT is not allowed: Plivo sends GET or POST.")]
    [InlineData("a body that is not a form", "POST", "DialStatus=busy", "text/plain", "Content-Type 'text/plain' is not supported: send application/x-www-form-urlencoded or application/json.")]
    [InlineData("a body without a Content-Type", "POST", "DialStatus=busy", null, "Content-Type '' is not supported: send application/x-www-form-urlencoded or application/json.")]
    [InlineData("JSON that is not an object", "POST", "[1]", "application/json", "The JSON body must be an object of field names to values.")]
    [InlineData("a JSON field that is an object", "POST", """{"DialStatus":{"a":1}}""", "application/json", "Field 'DialStatus' must be a string, number or boolean.")]
    [InlineData("JSON cut short", "POST", """{"DialStatus":""", "application/json", "The body is not valid JSON: ")]
    public async Task A_refused_request_is_told_what_is_wrong(string rule, string method, string body, string? contentType, string message)
    {
        var read = await ReadAsync(Unsigned(body, contentType) with { Method = method });

        Assert.True(RefusalOf(read).StartsWith(message, StringComparison.Ordinal), $"{rule}: {RefusalOf(read)}");
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused_saying_the_limit()
    {
        var read = await ReadAsync(Unsigned("DialStatus=busy&X-PH-Padding=" + new string('x', PlivoWebhookReader.MaxBodyBytes)));

        Assert.Equal("The body is larger than 64 KB.", RefusalOf(read));
    }

    [Fact]
    public async Task A_signed_request_is_told_that_only_a_form_is_accepted()
    {
        var read = await ReadAsync(TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11")) with { ContentType = "application/json" }, signed: true);

        Assert.Equal("Content-Type 'application/json' is not supported: send application/x-www-form-urlencoded.", RefusalOf(read));
    }

    [Fact]
    public async Task A_request_without_Plivos_signature_headers_is_told_which_are_missing()
    {
        var read = await ReadAsync(TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11")) with { SigningToken = null }, signed: true);

        Assert.Equal("Missing X-Plivo-Signature-V3 or X-Plivo-Signature-V3-Nonce header.", RefusalOf(read));
    }
}
