using System.Diagnostics;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.LocalRun;

/// <summary>
/// The README's local-run command on a machine without Azure Functions Core Tools (like these build
/// machines): it must stop at once, say how to install them, and start nothing.
/// </summary>
public sealed class RunLocalScriptTests
{
    [Fact]
    public async Task Without_Core_Tools_the_local_run_stops_at_once_and_says_how_to_install_them()
    {
        var (exitCode, output) = await RunWithoutFuncAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("Azure Functions Core Tools v4", output);
        Assert.Contains("npm install -g azure-functions-core-tools@4", output);
    }

    [Fact]
    public async Task Without_Core_Tools_the_local_run_starts_no_Azurite()
    {
        var (_, output) = await RunWithoutFuncAsync();

        Assert.DoesNotContain("Starting Azurite", output);
        Assert.DoesNotContain("listening", output);
    }

    private static async Task<(int ExitCode, string Output)> RunWithoutFuncAsync()
    {
        var start = new ProcessStartInfo("node", [Path.Combine(TestPaths.RepositoryRoot, "tools", "run-local.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        // The script probes this instead of the func on PATH, so the test behaves alike on machines with Core Tools.
        start.Environment["DIALSTATUS_FUNC"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "func");
        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
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
