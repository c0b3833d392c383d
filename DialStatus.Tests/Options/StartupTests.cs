using System.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Options;

/// <summary>
/// Start-up as a new user meets it: the built worker refuses bad settings with one clear line each, and settings
/// pasted with stray whitespace start an app that answers genuine requests.
/// </summary>
public sealed class StartupTests
{
    [Fact]
    public async Task The_worker_refuses_bad_settings_with_one_line_each_and_no_stack_trace()
    {
        var (exitCode, error) = await RunWorkerAsync(new()
        {
            ["Dial__Mode"] = "roundrobin",
            ["Dial__TimeoutSeconds"] = "abc",
            ["DialStatus__StorageTimeoutSeconds"] = "",
            ["Dial__Targets"] = "+14155550100",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Plivo__AuthToken"] = "MzQ5ZGE0NjE2ZWQ5YjE4ZTU5ZjE3NWE1YzQ0Nzk2\n",
        });

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                "DialStatus cannot start: Dial:TimeoutSeconds (Dial__TimeoutSeconds) must be a whole number, not 'abc' (leave it empty for the default).",
                "DialStatus cannot start: Dial:Mode (Dial__Mode) must be simultaneous or sequential, not 'roundrobin'.",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task The_worker_refuses_an_authentication_string_for_telemetry_it_cannot_use_with_one_line_naming_the_setting()
    {
        var (exitCode, error) = await RunWorkerAsync(new()
        {
            ["Dial__Targets"] = "+14155550100",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Plivo__AuthToken"] = "MzQ5ZGE0NjE2ZWQ5YjE4ZTU5ZjE3NWE1YzQ0Nzk2",
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://localhost/",
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Authorization=AAD;ClientId=my-identity",
        });

        Assert.Equal((1, "DialStatus cannot start: The ClientId in APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be the client id (a GUID) of a user-assigned identity."),
            (exitCode, error.Trim()));
    }

    [Fact]
    public async Task Settings_pasted_with_whitespace_around_them_start_an_app_that_answers_genuine_requests_and_say_so()
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?>
        {
            ["DialStatus:PublicBaseUrl"] = " " + TestApp.PublicBaseUrl + "\n",
            ["Plivo:AuthToken"] = TestApp.AuthToken + "\r\n",
        });

        var response = await app.InvokeAsync(app.Create<AnswerFunction>().Run,
            TestRequest.Post("/api/dialstatus", ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11"), ("Event", "StartApp")));

        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith(TestApp.PublicBaseUrl + "/api/dialstatus/action?", (string?)response.Xml.Element("Dial")?.Attribute("action"));
        Assert.Equal(
            ["DialStatus:PublicBaseUrl (DialStatus__PublicBaseUrl)", "Plivo:AuthToken (Plivo__AuthToken)"],
            app.Logs.Entries.Where(e => e.EventId.Id == 2003).Select(e => (string?)e["Setting"]).Order());
    }

    [Fact]
    public async Task Without_a_retention_schedule_the_app_answers_calls_and_warns_once_naming_the_setting_in_both_spellings()
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["DialStatus:RetentionSchedule"] = null });

        var response = await app.InvokeAsync(app.Create<AnswerFunction>().Run,
            TestRequest.Post("/api/dialstatus", ("CallUUID", "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11"), ("Event", "StartApp")));

        Assert.Equal(200, response.StatusCode);
        var warning = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 4004);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("DialStatus:RetentionSchedule (DialStatus__RetentionSchedule)", warning.Message);
    }

    [Fact]
    public async Task With_a_retention_schedule_the_app_starts_without_that_warning()
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["DialStatus:RetentionSchedule"] = "0 30 3 * * *" });

        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Id == 4004);
    }

    /// <summary>Runs the built worker as the Functions host would start it, with only <paramref name="settings"/> in its environment.</summary>
    private static async Task<(int ExitCode, string Error)> RunWorkerAsync(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = TestPaths.FunctionsOutputDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.FunctionsOutputDirectory, "DialStatus.Functions.dll"));
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // What the host passes a worker; the worker validates its settings before it dials the host back.
        start.Environment["Functions__Worker__HostEndpoint"] = "http://127.0.0.1:9";
        start.Environment["Functions__Worker__WorkerId"] = "startup-test";
        start.Environment["Functions__Worker__GrpcMaxMessageLength"] = "1048576";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
    }
}
