using System.Xml.Linq;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Functions;

/// <summary>The answer URL: Plivo asks what to do with a call, and we dial the configured targets (no storage involved).</summary>
public sealed class AnswerFunctionTests
{
    /// <summary>The Dial's URLs carry the UTC day the call was answered.</summary>
    private static readonly SettableTimeProvider AnsweredAt = new(new DateTimeOffset(2026, 11, 30, 23, 59, 10, TimeSpan.Zero));

    private static readonly (string, string)[] AnswerForm =
    [
        ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11"), ("From", "+14155550123"), ("To", "+14155550100"),
        ("Direction", "inbound"), ("CallStatus", "ringing"), ("Event", "StartApp"),
    ];

    [Fact]
    public async Task Answer_dials_every_target_in_configured_order_as_Number_or_User()
    {
        var response = await AnswerAsync(TestRequest.Post("/api/dialstatus", AnswerForm));

        Assert.Equal(200, response.StatusCode);
        var destinations = response.Xml.Element("Dial")!.Elements().Select(e => (e.Name.LocalName, e.Value));
        Assert.Equal([("Number", "+14155550188"), ("User", "sip:alice@phone.plivo.com"), ("Number", "+14155550199")], destinations);
    }

    [Fact]
    public async Task Answering_logs_the_call_with_masked_numbers_and_the_dial_it_answered_with()
    {
        await using var app = TestApp.CreateInMemory();

        await app.InvokeAsync(app.Create<AnswerFunction>().Run, TestRequest.Post("/api/dialstatus", AnswerForm));

        var answered = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 1000);
        Assert.Equal<object?[]>(
            ["5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11", "+*******0123", "+*******0100", "Simultaneous", 3],
            [answered["CallUUID"], answered["From"], answered["To"], answered["DialMode"], answered["TargetCount"]]);
    }

    [Fact]
    public async Task Answer_is_served_as_application_xml()
    {
        var response = await AnswerAsync(TestRequest.Post("/api/dialstatus", AnswerForm));

        Assert.StartsWith("application/xml", response.ContentType);
        Assert.StartsWith("<Response>", response.Body);
    }

    [Fact]
    public async Task Dial_posts_its_action_and_callback_to_our_public_URLs_with_the_retry_fragment()
    {
        var dial = (await AnswerAsync(TestRequest.Post("/api/dialstatus", AnswerForm))).Xml.Element("Dial")!;

        Assert.Equal("https://dialstatus.example.net/api/dialstatus/action?day=2026-11-30#rc=3&rp=ct,rt,5xx", (string?)dial.Attribute("action"));
        Assert.Equal("POST", (string?)dial.Attribute("method"));
        Assert.Equal("true", (string?)dial.Attribute("redirect"));
        Assert.Equal("https://dialstatus.example.net/api/dialstatus/callback?day=2026-11-30#rc=3&rp=ct,rt,5xx", (string?)dial.Attribute("callbackUrl"));
        Assert.Equal("POST", (string?)dial.Attribute("callbackMethod"));
    }

    [Fact]
    public async Task Dial_carries_the_configured_caller_settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dial:CallerId"] = "+14155550100",
            ["Dial:CallerName"] = "Front desk & \"Co\"",
            ["Dial:TimeoutSeconds"] = "25",
            ["Dial:TimeLimitSeconds"] = "3600",
            ["Dial:HangupOnStar"] = "true",
        };

        var dial = (await AnswerAsync(TestRequest.Post("/api/dialstatus", AnswerForm), settings)).Xml.Element("Dial")!;

        Assert.Equal("+14155550100", (string?)dial.Attribute("callerId"));
        Assert.Equal("Front desk & \"Co\"", (string?)dial.Attribute("callerName"));
        Assert.Equal("25", (string?)dial.Attribute("timeout"));
        Assert.Equal("3600", (string?)dial.Attribute("timeLimit"));
        Assert.Equal("true", (string?)dial.Attribute("hangupOnStar"));
    }

    [Fact]
    public async Task Unset_caller_settings_are_left_to_Plivos_defaults()
    {
        var dial = (await AnswerAsync(TestRequest.Post("/api/dialstatus", AnswerForm))).Xml.Element("Dial")!;

        Assert.All(new[] { "callerId", "callerName", "timeout", "timeLimit", "hangupOnStar" }, name => Assert.Null(dial.Attribute(name)));
    }

    [Theory]
    [InlineData("http", "localhost:7071")]
    [InlineData("https", "dialstatus.azurewebsites.net")]
    public async Task Without_PublicBaseUrl_the_callback_URLs_and_signature_use_the_requests_own_URL(string scheme, string host)
    {
        var settings = new Dictionary<string, string?> { ["DialStatus:PublicBaseUrl"] = null };
        var request = TestRequest.Post("/api/dialstatus", AnswerForm) with
        {
            Scheme = scheme,
            Host = host,
            SignedUrl = $"{scheme}://{host}/api/dialstatus",
        };

        var response = await AnswerAsync(request, settings);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal($"{scheme}://{host}/api/dialstatus/action?day=2026-11-30#rc=3&rp=ct,rt,5xx", (string?)response.Xml.Element("Dial")!.Attribute("action"));
    }

    [Fact]
    public async Task A_GET_answer_request_is_signed_over_its_query_and_answered_alike()
    {
        var query = "?" + TestRequest.EncodeForm(AnswerForm.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));

        var response = await AnswerAsync(TestRequest.Get("/api/dialstatus" + query));

        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(response.Xml.Element("Dial"));
    }

    [Fact]
    public async Task A_hangup_post_to_the_answer_URL_gets_an_empty_Response_and_never_a_second_Dial()
    {
        var response = await AnswerAsync(TestRequest.Post("/api/dialstatus",
            ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11"), ("Event", "Hangup"), ("CallStatus", "completed"),
            ("HangupCause", "NORMAL_CLEARING")));

        Assert.Equal(200, response.StatusCode);
        Assert.True(XNode.DeepEquals(new XElement("Response"), response.Xml));
    }

    [Fact]
    public async Task Answer_connects_calls_while_storage_is_unreachable()
    {
        var unreachable = AzuriteProcess.UnreachableConnectionString();
        await using var app = TestApp.Create(unreachable);

        var response = await app.InvokeAsync(app.Create<AnswerFunction>().Run, TestRequest.Post("/api/dialstatus", AnswerForm));

        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(response.Xml.Element("Dial"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("another-token")]
    public async Task An_answer_request_without_our_signature_is_refused_with_403_naming_no_secret(string? signingToken)
    {
        await using var app = TestApp.CreateInMemory();

        var response = await app.InvokeAsync(app.Create<AnswerFunction>().Run, TestRequest.Post("/api/dialstatus", AnswerForm) with { SigningToken = signingToken });

        Assert.Equal(403, response.StatusCode);
        Assert.DoesNotContain(TestApp.AuthToken, response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains(TestApp.AuthToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_signature_validation_off_an_unsigned_request_is_answered()
    {
        var settings = new Dictionary<string, string?> { ["Plivo:ValidateSignatures"] = "false", ["Plivo:AuthToken"] = null };

        var response = await AnswerAsync(TestRequest.Post("/api/dialstatus", AnswerForm) with { SigningToken = null }, settings);

        Assert.Equal(200, response.StatusCode);
    }

    private async Task<TestResponse> AnswerAsync(TestRequest request, Dictionary<string, string?>? settings = null)
    {
        await using var app = TestApp.CreateInMemory(settings, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(AnsweredAt)));
        return await app.InvokeAsync(app.Create<AnswerFunction>().Run, request);
    }
}
