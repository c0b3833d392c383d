using System.Xml.Linq;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Functions;

/// <summary>Dial:Mode=sequential: one target at a time in configured order, failing over on anything but completed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SequentialDialTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ALeg = "5e900000-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private readonly SettableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Dial:Mode"] = "sequential",
            ["Dial:UnansweredMessage"] = "Nobody is available.",
        }, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string ActionUrlOf(XElement response) => (string)response.Element("Dial")!.Attribute("action")!;

    private static string DestinationOf(XElement response) => Assert.Single(response.Element("Dial")!.Elements()).Value;

    private Task<TestResponse> ReportAsync(string actionUrl, string dialStatus)
    {
        var pathAndQuery = new Uri(actionUrl).PathAndQuery;
        return _app.InvokeAsync(_app.Create<DialActionFunction>().Run, TestRequest.Post(pathAndQuery, ("DialALegUUID", ALeg), ("DialStatus", dialStatus)));
    }

    [Fact]
    public async Task The_answer_dials_only_the_first_target_with_attempt_1_in_the_signed_action_URL()
    {
        var answer = (await _app.InvokeAsync(_app.Create<AnswerFunction>().Run, TestRequest.Post("/api/dialstatus", ("CallUUID", ALeg)))).Xml;

        Assert.Equal("+14155550188", DestinationOf(answer));
        Assert.Equal("https://dialstatus.example.net/api/dialstatus/action?attempt=1&day=2026-11-30#rc=3&rp=ct,rt,5xx", ActionUrlOf(answer));
    }

    [Fact]
    public async Task Unanswered_attempts_walk_every_target_in_order_then_speak_the_message()
    {
        var answer = (await _app.InvokeAsync(_app.Create<AnswerFunction>().Run, TestRequest.Post("/api/dialstatus", ("CallUUID", ALeg)))).Xml;
        var dialled = new List<string> { DestinationOf(answer) };

        var second = (await ReportAsync(ActionUrlOf(answer), "no-answer")).Xml;
        dialled.Add(DestinationOf(second));
        var third = (await ReportAsync(ActionUrlOf(second), "busy")).Xml;
        dialled.Add(DestinationOf(third));
        var last = (await ReportAsync(ActionUrlOf(third), "failed")).Xml;

        Assert.Equal(["+14155550188", "sip:alice@phone.plivo.com", "+14155550199"], dialled);
        Assert.Equal("Nobody is available.", last.Element("Speak")?.Value);
    }

    [Fact]
    public async Task An_answered_attempt_stops_the_failover_and_hangs_up_when_it_ends()
    {
        var response = (await ReportAsync("https://dialstatus.example.net/api/dialstatus/action?attempt=2", "completed")).Xml;

        Assert.True(XNode.DeepEquals(new XElement("Response", new XElement("Hangup")), response));
    }

    [Fact]
    public async Task Each_attempt_is_its_own_dial_status_record()
    {
        await ReportAsync("https://dialstatus.example.net/api/dialstatus/action?attempt=1", "no-answer");
        await ReportAsync("https://dialstatus.example.net/api/dialstatus/action?attempt=2", "busy");
        await ReportAsync("https://dialstatus.example.net/api/dialstatus/action?attempt=3", "completed");

        var records = await RecordsTable.ReadAllAsync(azurite.ConnectionString, _app.TableName);
        Assert.Equal(
            [("DialAction-01", 1, "no-answer"), ("DialAction-02", 2, "busy"), ("DialAction-03", 3, "completed")],
            records.OrderBy(r => r.RowKey).Select(r => (r.RowKey, r.GetInt32("Attempt")!.Value, r.GetString("DialStatus"))));
    }

    [Fact]
    public async Task A_forged_attempt_number_breaks_the_signature()
    {
        var signedForAttempt1 = TestRequest.Post("/api/dialstatus/action?attempt=1", ("DialALegUUID", ALeg), ("DialStatus", "busy"));
        var forged = signedForAttempt1 with { PathAndQuery = "/api/dialstatus/action?attempt=3", SignedUrl = "https://dialstatus.example.net/api/dialstatus/action?attempt=1" };

        var response = await _app.InvokeAsync(_app.Create<DialActionFunction>().Run, forged);

        Assert.Equal(403, response.StatusCode);
    }
}
