using System.Text.RegularExpressions;
using DialStatus.Cli.Simulation;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Cli;

/// <summary>
/// <c>simulate</c> in-process against the app over real HTTP (Kestrel, routed from functions.metadata, Azurite
/// behind it): every scenario played as Plivo would and verified through the app's own read endpoints.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliSimulateTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string UnansweredMessage = "Nobody is available.";
    private static readonly string[] Destinations = TestApp.Targets.Split(',');

    private FunctionHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Stopped after each test: a running host's hosted services (the metrics listener) would see other tests' apps.</summary>
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>
    /// The app in <paramref name="mode"/>. Without PublicBaseUrl the app writes its action and callbackUrl URLs
    /// from the request's own URL, which is where the simulator must follow them.
    /// </summary>
    private Task<(SimulationResult Result, string Output, string Error)> SimulateAsync(string mode, params Scenario[] scenarios) =>
        SimulateAsync(mode, TestApp.AuthToken, scenarios);

    private async Task<(SimulationResult Result, string Output, string Error)> SimulateAsync(string mode, string authToken, Scenario[] scenarios)
    {
        var settings = TestApp.DefaultSettings(azurite.ConnectionString);
        settings.Remove("DialStatus:PublicBaseUrl");
        settings["Dial:Mode"] = mode;
        settings["Dial:UnansweredMessage"] = UnansweredMessage;
        _host = await FunctionHost.StartAsync(settings);

        var options = new SimulationOptions
        {
            BaseUrl = _host.Client.BaseAddress!.ToString(),
            AuthToken = authToken,
            Scenarios = scenarios.Length == 0 ? Scenario.All : scenarios,
            Concurrency = 4,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var result = await new Simulator(_host.Client, options, output, error).RunAsync(CancellationToken.None);
        return (result, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("simultaneous")]
    [InlineData("sequential")]
    public async Task Every_scenario_is_played_and_every_record_and_the_report_are_verified(string mode)
    {
        var (result, output, error) = await SimulateAsync(mode);

        Assert.True(result.ExitCode == 0, $"{error}\n{output}");
        Assert.Equal(
            (Scenario.All.Count, result.RecordsExpected, Scenario.All.Count),
            (result.Checks.Count, result.RecordsVerified, result.Report.CallsChecked));
    }

    [Theory]
    [InlineData("simultaneous", new[] { "completed" })]
    [InlineData("sequential", new[] { "no-answer", "no-answer", "completed" })]
    public async Task The_failover_call_follows_the_XML_until_the_last_destination_answers(string mode, string[] dialStatuses)
    {
        var (result, _, error) = await SimulateAsync(mode, Scenario.SequentialFailover);

        Assert.Equal("", error);
        var call = Assert.Single(result.Calls, c => c.Scenario == Scenario.SequentialFailover);
        var answer = call.ExpectedRecords.Single(r => r.Field(PlivoFields.DialAction) == "answer");
        Assert.Equal(
            (string.Join(", ", dialStatuses), Destinations[^1]),
            (string.Join(", ", call.ExpectedRecords.Where(r => r.Kind == RecordKind.DialAction).Select(r => r.DialStatus)), answer.Field(PlivoFields.DialBLegTo)));
    }

    [Fact]
    public async Task An_unanswered_sequential_call_rings_every_destination_in_order_then_hears_the_message()
    {
        var (result, _, error) = await SimulateAsync("sequential", Scenario.NoAnswer);

        Assert.Equal("", error);
        var call = Assert.Single(result.Calls);
        Assert.Equal(
            (string.Join(", ", Destinations), UnansweredMessage),
            (string.Join(", ", call.ExpectedRecords.Where(r => r.Kind == RecordKind.DialEvent).Select(r => r.Field(PlivoFields.DialBLegTo))), Assert.Single(call.Heard)));
    }

    [Fact]
    public async Task A_simultaneous_answer_gets_a_Lost_Race_hangup_for_every_other_destination()
    {
        var (result, _, error) = await SimulateAsync("simultaneous", Scenario.Answered);

        Assert.Equal("", error);
        var hangups = Assert.Single(result.Calls).ExpectedRecords.Where(r => r.Field(PlivoFields.DialAction) == "hangup");
        Assert.Equal(
            [("sip:alice@phone.plivo.com", "Lost Race"), ("+14155550199", "Lost Race"), ("+14155550188", "Normal Hangup")],
            hangups.Select(r => (r.Field(PlivoFields.DialBLegTo), r.Field(PlivoFields.DialBLegHangupCauseName))));
    }

    [Fact]
    public async Task A_run_with_the_wrong_token_says_what_to_check_and_its_summary_names_the_failed_scenario()
    {
        var (_, output, error) = await SimulateAsync("simultaneous", "not-the-app's-token", [Scenario.Answered, Scenario.Busy]);

        Assert.Contains("Plivo:AuthToken", error, StringComparison.Ordinal);
        Assert.Contains("DialStatus:PublicBaseUrl", error, StringComparison.Ordinal);
        Assert.Matches(@"\n  answered +0 of 1 call verified \(FAILED\)\r?\n  busy +0 of 1 call verified \(FAILED\)\r?\n", output);
    }

    [Fact]
    public async Task A_request_the_app_refuses_is_reported_for_its_call_with_the_status_and_the_reply()
    {
        var (result, _, error) = await SimulateAsync("simultaneous", "not-the-app's-token", [Scenario.Answered]);

        var call = Assert.Single(result.Calls);
        Assert.Equal(1, result.ExitCode);
        Assert.Matches($"^call {call.Uuid}: POST {Regex.Escape($"{_host!.Client.BaseAddress}api/dialstatus")} answered 403: [^\r\n]+\r?\n$", error);
    }
}
