using System.Globalization;
using System.Runtime;
using DialStatus.Tests.Infrastructure;

// The app as the Functions worker wires it (AddDialStatus over settings, the function classes activated through
// DI and routed from the build's functions.metadata, Kestrel on loopback: FunctionHost), started once.
// bench/DialStatus.ColdStart starts this process and times it; the line below tells it where to send requests.
if (args is not [var storageConnectionString, var tableName])
{
    Console.Error.WriteLine("usage: DialStatus.ColdStart.Host <storage connection string> <table name>");
    return 64;
}

var settings = TestApp.DefaultSettings(storageConnectionString);
settings["DialStatus:TableName"] = tableName;
await using var host = await FunctionHost.StartAsync(settings);
Console.WriteLine($"listening {host.Client.BaseAddress}");

// Serves until the driver closes standard input, then stops as the worker does. "stats" asks what the JIT has
// compiled so far (how much of the start-up ReadyToRun took over) and the CPU time the process has used, which
// a busy machine disturbs less than wall time.
while (await Console.In.ReadLineAsync() is { } command)
{
    if (command == "stats")
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stats {JitInfo.GetCompiledMethodCount()} {JitInfo.GetCompilationTime().TotalMilliseconds:0.0} {Environment.CpuUsage.TotalTime.TotalMilliseconds:0.0}"));
    }
}
return 0;
