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
        // A PATH that has node but certainly no func.
        start.Environment["PATH"] = Path.GetDirectoryName(Environment.ProcessPath) is { } dotnetFolder
            ? $"{Path.GetDirectoryName(NodePath())}{Path.PathSeparator}{dotnetFolder}"
            : Path.GetDirectoryName(NodePath())!;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string NodePath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .First(File.Exists);
}
