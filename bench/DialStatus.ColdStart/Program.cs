using DialStatus.Bench;
using DialStatus.ColdStart;
using DialStatus.Tests.Infrastructure;

// Before anything runs, a mistake in the arguments or a missing Azurite says what to do in one line.
if (!BenchStart.TryStart(args, ColdStartOptions.Parse, ColdStartOptions.Usage, o => o.Help, out var options, out var exitCode))
{
    return exitCode;
}

var scratch = Directory.CreateTempSubdirectory("dialstatus-coldstart-").FullName;
try
{
    Console.WriteLine($"Publishing bench/DialStatus.ColdStart.Host for {Variant.RuntimeIdentifier}, with ReadyToRun and without");
    Variant[] variants =
    [
        await Variant.PublishAsync(TestPaths.RepositoryRoot, "ReadyToRun", readyToRun: true, Path.Combine(scratch, "r2r")),
        await Variant.PublishAsync(TestPaths.RepositoryRoot, "JIT", readyToRun: false, Path.Combine(scratch, "jit")),
    ];

    await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot);
    await azurite.StartAsync();
    Console.WriteLine($"Azurite (in memory) on 127.0.0.1:{azurite.Port}");
    var tableName = "ColdStart" + Guid.NewGuid().ToString("N")[..8];
    using var handler = new SocketsHttpHandler { UseProxy = false };
    var loadBefore = ColdStartReport.LoadAverage();

    // Not counted: puts each variant's files in the page cache, creates the tables (they exist in production),
    // and warms this process's own HTTP client and Table client, so that the first timed start is like the rest.
    foreach (var variant in variants)
    {
        await ColdStartProcess.TimeAsync(variant, azurite.ConnectionString, tableName, handler);
    }

    var times = variants.ToDictionary(variant => variant, _ => new List<StartTimes>());
    for (var round = 0; round < options.Runs; round++)
    {
        // Alternating which variant goes first shares the machine's drifts between them.
        foreach (var variant in round % 2 == 0 ? variants : [variants[1], variants[0]])
        {
            var start = await ColdStartProcess.TimeAsync(variant, azurite.ConnectionString, tableName, handler);
            times[variant].Add(start);
            Console.WriteLine(ColdStartReport.Line(round + 1, variant, start));
        }
    }

    Console.WriteLine();
    Console.WriteLine(ColdStartReport.Markdown(options, variants, times, loadBefore, ColdStartReport.LoadAverage()));
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException or OperationCanceledException)
{
    // A start that failed or hung: its reason, without a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}
finally
{
    Directory.Delete(scratch, recursive: true);
}
