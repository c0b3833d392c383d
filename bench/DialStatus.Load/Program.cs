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

await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot);
await azurite.StartAsync();
Console.WriteLine($"Azurite (in memory) on 127.0.0.1:{azurite.Port}");

return await LoadRun.RunAsync(azurite.ConnectionString, options);
