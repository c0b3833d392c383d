using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DialStatus.Bench;
using DialStatus.Tests.Infrastructure;

// One command, two parts: the BenchmarkDotNet micro-benchmarks (CPU and allocation without I/O), then the
// ingest comparison (our handler vs the raw TableClient against an Azurite this process starts).
//   --smoke    every micro-benchmark once (Job.Dry) and two ingest rounds per level: proves they run, numbers mean nothing
//   --ingest   the ingest comparison only
//   --filter   BenchmarkDotNet's own: the matching micro-benchmarks only
//   --concurrency N   with --ingest: that level only (1, 8 or 32), as for a profile of one level
// Other arguments go to BenchmarkDotNet.
var smoke = args.Contains("--smoke");
var ingestOnly = args.Contains("--ingest");
var levelAt = Array.IndexOf(args, "--concurrency");
int[] levels = levelAt >= 0 && levelAt + 1 < args.Length && int.TryParse(args[levelAt + 1], out var level) && level > 0 ? [level] : [1, 8, 32];
var rest = args.Where((a, i) => a is not ("--smoke" or "--ingest" or "--concurrency") && (levelAt < 0 || i != levelAt + 1)).ToList();
var filtered = rest.Contains("--filter");

// Before anything runs: without the pinned Azurite, say what to run in one line.
if (AzuriteProcess.NotInstalled(TestPaths.RepositoryRoot) is { } notInstalled)
{
    Console.Error.WriteLine(notInstalled);
    return 2;
}

var exitCode = 0;
if (!ingestOnly)
{
    if (!filtered)
    {
        rest.AddRange(["--filter", "*"]);
    }
    // In-process: no generated project to build (which central package management and warnings-as-errors
    // would fight), and a smoke run takes seconds.
    var job = (smoke ? Job.Dry : Job.Default.WithWarmupCount(5).WithIterationCount(20))
        .WithToolchain(InProcessEmitToolchain.Instance);
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(job)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.JoinSummary);
    var summary = BenchmarkSwitcher.FromAssembly(typeof(DialStatus.Benchmarks.AnswerXmlBenchmarks).Assembly).Run([.. rest], config);
    exitCode = summary.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

if (ingestOnly || !filtered)
{
    await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot);
    await azurite.StartAsync();
    Console.WriteLine();
    Console.WriteLine($"Azurite (in memory) on 127.0.0.1:{azurite.Port}");
    exitCode |= await IngestComparison.RunAsync(azurite.ConnectionString, smoke, seed: 20261126, levels);
}
return exitCode;
