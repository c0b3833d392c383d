using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: no generated project to build (which central package management and warnings-as-errors would
// fight), and a CI smoke run takes seconds. `--smoke` runs every benchmark once (Job.Dry): it proves they
// run, its numbers mean nothing. Without --filter every benchmark runs; other arguments go to BenchmarkDotNet.
var smoke = args.Contains("--smoke");
var rest = args.Where(a => a != "--smoke").ToList();
if (!rest.Contains("--filter"))
{
    rest.AddRange(["--filter", "*"]);
}

var job = (smoke ? Job.Dry : Job.Default.WithWarmupCount(5).WithIterationCount(20))
    .WithToolchain(InProcessEmitToolchain.Instance);
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.JoinSummary);
var summary = BenchmarkSwitcher.FromAssembly(typeof(DialStatus.Benchmarks.AnswerXmlBenchmarks).Assembly).Run([.. rest], config);
return summary.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
