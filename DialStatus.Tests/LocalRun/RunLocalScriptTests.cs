using System.Diagnostics;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.LocalRun;

/// <summary>
/// The README's local-run command checks its prerequisites before it writes or asks for anything: on a machine
/// without Azure Functions Core Tools (like these build machines) it must stop at once, say how to install them,
/// and write and start nothing; with them (a stand-in <c>func</c>), the first run creates local.settings.json and
/// a later one names the required settings still empty. Each test runs the script from a scratch copy of the repository's
/// tools/ and sample settings, so the real checkout's local.settings.json is never touched. The script's
/// stop and exit decisions, for Windows and POSIX alike, are pinned by the Node tests beside it, run here too.
/// </summary>
public sealed class RunLocalScriptTests : IDisposable
{
    private readonly string _checkout = Path.Combine(Path.GetTempPath(), "dialstatus-runlocal-" + Guid.NewGuid().ToString("N"));

    public RunLocalScriptTests()
    {
        var tools = Directory.CreateDirectory(Path.Combine(_checkout, "tools")).FullName;
        foreach (var script in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "tools"), "*.mjs"))
        {
            File.Copy(script, Path.Combine(tools, Path.GetFileName(script)));
        }
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "local.settings.sample.json"), Path.Combine(_checkout, "local.settings.sample.json"));
    }

    private string Settings => Path.Combine(_checkout, "local.settings.json");

    [Fact]
    public async Task Without_Core_Tools_the_local_run_stops_at_once_and_says_how_to_install_them()
    {
        File.Copy(Path.Combine(_checkout, "local.settings.sample.json"), Settings);

        var (exitCode, output) = await RunWithoutFuncAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("Azure Functions Core Tools v4", output);
        Assert.Contains("npm install -g azure-functions-core-tools@4", output);
    }

    [Fact]
    public async Task Without_Core_Tools_the_local_run_starts_no_Azurite()
    {
        File.Copy(Path.Combine(_checkout, "local.settings.sample.json"), Settings);

        var (_, output) = await RunWithoutFuncAsync();

        Assert.DoesNotContain("Starting Azurite", output);
        Assert.DoesNotContain("listening", output);
    }

    [Fact]
    public async Task Without_Core_Tools_the_local_run_writes_no_settings()
    {
        var (exitCode, _) = await RunWithoutFuncAsync();

        Assert.Equal(1, exitCode);
        Assert.False(File.Exists(Settings));
    }

    [Fact]
    public async Task With_every_prerequisite_the_first_run_creates_local_settings_json_from_the_sample_and_says_what_to_fill_in()
    {
        var (exitCode, output) = await RunWithStandInFuncAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(_checkout, "local.settings.sample.json")), File.ReadAllText(Settings));
        Assert.Contains("Set Dial__Targets", output);
        Assert.Contains("Plivo__AuthToken", output);
    }

    [Fact]
    public async Task A_later_run_names_the_required_settings_still_empty_and_starts_nothing()
    {
        File.Copy(Path.Combine(_checkout, "local.settings.sample.json"), Settings);

        var (exitCode, output) = await RunWithStandInFuncAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("Still empty in local.settings.json: Dial__Targets, Plivo__AuthToken.", output);
        Assert.DoesNotContain("Starting Azurite", output);
    }

    [Fact]
    public async Task The_local_run_scripts_node_tests_pass()
    {
        // Named one by one: Node 20 searches a folder given to --test, Node 22 and later take it for a file.
        var tests = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "tools"), "*.test.mjs");
        Assert.NotEmpty(tests);

        var (exitCode, output) = await RunNodeAsync(TestPaths.RepositoryRoot, ["--test", .. tests], TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
    }

    public void Dispose() => Directory.Delete(_checkout, recursive: true);

    private Task<(int ExitCode, string Output)> RunWithoutFuncAsync() =>
        RunNodeAsync(_checkout, [Path.Combine(_checkout, "tools", "run-local.mjs")], TimeSpan.FromSeconds(20),
            // The script probes this instead of the func on PATH, so the test behaves alike on machines with Core Tools.
            ("DIALSTATUS_FUNC", Path.Combine(_checkout, "no-such-folder", "func")));

    /// <summary>The script with a stand-in <c>func</c> that answers <c>--version</c> as Core Tools v4 do.</summary>
    private Task<(int ExitCode, string Output)> RunWithStandInFuncAsync()
    {
        string func;
        if (OperatingSystem.IsWindows())
        {
            func = Path.Combine(_checkout, "func.cmd");
            File.WriteAllText(func, "@echo 4.0.7030\r\n");
        }
        else
        {
            func = Path.Combine(_checkout, "func");
            File.WriteAllText(func, "#!/bin/sh\necho 4.0.7030\n");
            File.SetUnixFileMode(func, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return RunNodeAsync(_checkout, [Path.Combine(_checkout, "tools", "run-local.mjs")], TimeSpan.FromSeconds(20), ("DIALSTATUS_FUNC", func));
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(
        string workingDirectory, string[] arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("node", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
