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

await using var azurite = new AzuriteProcess(RepositoryRoot.Find());
await azurite.StartAsync();
Console.WriteLine($"Azurite (in memory) on 127.0.0.1:{azurite.Port}");

return options.Ingest
    ? await IngestComparison.RunAsync(azurite.ConnectionString, options)
    : await LoadRun.RunAsync(azurite.ConnectionString, options);

/// <summary>The folder holding DialStatus.sln, found by walking up from the tool and from the working folder.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DialStatus.sln")))
                {
                    return folder.FullName;
                }
            }
        }
        throw new InvalidOperationException("DialStatus.sln not found above the tool or the working folder.");
    }
}
