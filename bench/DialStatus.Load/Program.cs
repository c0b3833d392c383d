using DialStatus.Bench;
using DialStatus.Load;
using DialStatus.Tests.Infrastructure;

// Before anything runs, a mistake in the arguments or a missing Azurite says what to do in one line.
if (!BenchStart.TryStart(args, LoadOptions.Parse, LoadOptions.Usage, o => o.Help, out var options, out var exitCode))
{
    return exitCode;
}

// An outage restarts Azurite, so its data must outlive the process: then it persists to a scratch folder.
var dataFolder = options.Outage is null ? null : Directory.CreateTempSubdirectory("dialstatus-load-").FullName;
try
{
    await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot, dataFolder);
    await azurite.StartAsync();
    Console.WriteLine($"Azurite ({(dataFolder is null ? "in memory" : "on disk")}) on 127.0.0.1:{azurite.Port}");
    return await LoadRun.RunAsync(azurite, options);
}
finally
{
    if (dataFolder is not null)
    {
        Directory.Delete(dataFolder, recursive: true);
    }
}
