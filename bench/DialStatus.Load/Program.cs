using DialStatus.Load;
using DialStatus.Tests.Infrastructure;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 64;
}
if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

// Before anything runs: without the pinned Azurite, say what to run in one line.
if (AzuriteProcess.NotInstalled(TestPaths.RepositoryRoot) is { } notInstalled)
{
    Console.Error.WriteLine(notInstalled);
    return 2;
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
