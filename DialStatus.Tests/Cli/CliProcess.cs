using System.Diagnostics;
using DialStatus.Cli;

namespace DialStatus.Tests.Cli;

/// <summary>Runs the built CLI as a user would: its own process, started in a folder, with no auth token in the environment.</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DialStatus.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove(AuthToken.EnvironmentVariable);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
