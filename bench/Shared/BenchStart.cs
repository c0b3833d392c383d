using System.Diagnostics.CodeAnalysis;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Bench;

/// <summary>
/// How a bench tool with options starts: its arguments parsed (the usage on a mistake or <c>--help</c>), then,
/// before any work, one line saying what to run when the pinned Azurite is not installed.
/// </summary>
internal static class BenchStart
{
    /// <summary>True with the options to run with; false with the exit code to stop with.</summary>
    public static bool TryStart<TOptions>(
        IReadOnlyList<string> args, Func<IReadOnlyList<string>, TOptions> parse, string usage, Func<TOptions, bool> help,
        [NotNullWhen(true)] out TOptions? options, out int exitCode)
    {
        options = default;
        exitCode = 0;
        TOptions parsed;
        try
        {
            parsed = parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(usage);
            exitCode = 64;
            return false;
        }
        if (help(parsed))
        {
            Console.WriteLine(usage);
            return false;
        }
        if (AzuriteProcess.NotInstalled(TestPaths.RepositoryRoot) is { } notInstalled)
        {
            Console.Error.WriteLine(notInstalled);
            exitCode = 2;
            return false;
        }
        options = parsed!;
        return true;
    }
}
