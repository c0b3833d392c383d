using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Bench;

/// <summary>
/// Ingest overhead: the real <see cref="DialActionFunction"/> (signature, parsing, mapping, the record then its
/// day-index entry, reply) against the raw <see cref="TableClient"/> making exactly the same writes in the same
/// order (the record with Replace, then its day-index entry with Replace: the order the store keeps so that a
/// stored record always has its entry), on the same Azurite and the same <see cref="TableServiceClient"/>. The raw
/// side builds its two entities inside the timed region with the app's own mapping, as the handler does, so the
/// difference is what the handler adds: reading, the signature, the field checks, the recorder and the reply.
/// Both sides are warmed until the JIT has settled (a warm worker on Azure runs optimised code; the cold-start tool
/// measures the cold one), then alternate in ABBA rounds so that drift hits them alike; the ratio is raw time /
/// handler time from the same run.
/// </summary>
public static class IngestComparison
{
    private const double Goal = 0.95;

    /// <summary>The handler's CPU per callback may be at most this much above the raw side's.</summary>
    private const double CpuGoal = 1.10;

    /// <summary>Warm-up passes stop once this many in a row compile no new method, or at the cap.</summary>
    private const int SettledPasses = 3;

    private const int MaxWarmUpPasses = 400;

    /// <summary>What the raw side is given: the call and the fields the handler would have read from the request.</summary>
    private sealed record RawWrite(string CallUuid, PlivoParameters Fields);

    /// <summary>One round's wall time and this process's CPU time (all threads: ours, the SDK's, the GC's) per side.</summary>
    private sealed record Round(double HandlerSeconds, double RawSeconds, double HandlerCpuSeconds, double RawCpuSeconds, int Operations)
    {
        public double Ratio => RawSeconds / HandlerSeconds;
    }

    /// <summary>
    /// Prints the comparison at each of <paramref name="levels"/> (1, 8 and 32 in a full run); 0 when every level meets the goal. A
    /// <paramref name="smoke"/> run (two rounds per level) proves that both sides run and does not judge.
    /// </summary>
    public static async Task<int> RunAsync(string connectionString, bool smoke, int seed, IReadOnlyList<int> levels)
    {
        Console.WriteLine("Ingest: DialAction handler vs raw TableClient, same writes, short alternating rounds (ABBA) per concurrency");
        Console.WriteLine();
        Console.WriteLine("| concurrency | warm-up passes (JIT'd methods) | rounds x ops | handler ops/s | raw ops/s | handler ms/op | raw ms/op | ratio raw/handler (median) | min | max | handler CPU µs/op | raw CPU µs/op | CPU handler/raw | goal: ratio ≥ 0.95, CPU ≤ 1.10 |");
        Console.WriteLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        var allMet = true;
        var perRound = new List<string>();
        foreach (var concurrency in levels)
        {
            // Short rounds, many of them: this machine's noise comes in bursts, and a burst should hit both sides.
            var (operations, rounds) = concurrency switch { 1 => (20, 80), 8 => (160, 40), _ => (320, 30) };
            rounds = smoke ? 2 : rounds;
            var (warmUp, results) = await CompareAsync(connectionString, concurrency, operations, rounds, smoke, new Random(seed + concurrency));
            var ratio = Median(results.Select(r => r.Ratio));
            var handlerSeconds = Median(results.Select(r => r.HandlerSeconds));
            var rawSeconds = Median(results.Select(r => r.RawSeconds));
            var handlerCpu = results.Sum(r => r.HandlerCpuSeconds) * 1e6 / (operations * rounds);
            var rawCpu = results.Sum(r => r.RawCpuSeconds) * 1e6 / (operations * rounds);
            var met = ratio >= Goal && handlerCpu <= rawCpu * CpuGoal;
            allMet &= met;
            Console.WriteLine($"| {concurrency} | {warmUp.Passes} ({warmUp.CompiledMethods}) | {rounds} x {operations} | {operations / handlerSeconds:0} | {operations / rawSeconds:0} | " +
                $"{handlerSeconds * 1000 / operations * concurrency:0.00} | {rawSeconds * 1000 / operations * concurrency:0.00} | " +
                $"**{ratio:0.00}** | {results.Min(r => r.Ratio):0.00} | {results.Max(r => r.Ratio):0.00} | " +
                $"{handlerCpu:0} | {rawCpu:0} | {handlerCpu / rawCpu:0.00} | " +
                $"{(smoke ? "not judged (smoke)" : met ? "met" : "missed")} |");
            perRound.Add($"concurrency {concurrency}, ratio per round: {string.Join(' ', results.Select(r => r.Ratio.ToString("0.00", CultureInfo.InvariantCulture)))}" +
                $"; handler ms per round: {string.Join(' ', results.Select(r => (r.HandlerSeconds * 1000).ToString("0", CultureInfo.InvariantCulture)))}");
        }
        Console.WriteLine();
        perRound.ForEach(Console.WriteLine);
        Console.WriteLine("ms/op: mean time one operation took (median round's wall time x concurrency / operations). CPU µs/op: this");
        Console.WriteLine("process's CPU time (every thread: ours, the Azure SDK's, the GC's; not Azurite's) over all rounds / operations.");
        Console.WriteLine($"Warm-up: passes of both sides until {SettledPasses} in a row compiled no new method (System.Runtime.JitInfo), at most {MaxWarmUpPasses}.");
        if (smoke)
        {
            // Two rounds on a CI box prove that both sides run and write; they are too few to judge a ratio.
            Console.WriteLine("RESULT: smoke run, ratios not judged");
            return 0;
        }
        Console.WriteLine(allMet ? "RESULT: PASS" : "RESULT: FAIL (a ratio under 0.95, or the handler's CPU over 1.10 times the raw side's)");
        return allMet ? 0 : 1;
    }

    private static async Task<((int Passes, long CompiledMethods) WarmUp, List<Round> Rounds)> CompareAsync(
        string connectionString, int concurrency, int operations, int rounds, bool smoke, Random random)
    {
        await using var app = TestApp.Create(connectionString);
        var function = app.Create<DialActionFunction>();
        var service = app.Services.GetRequiredService<TableServiceClient>();
        var records = service.GetTableClient(app.TableName);
        var index = service.GetTableClient(DayIndex.TableName(app.TableName));

        Task HandlerAsync(TestRequest request) => InvokeAsync(app, function, request);
        async Task RawAsync(RawWrite write)
        {
            var record = new CallbackRecord(write.CallUuid, RecordKey.DialAction(1), write.Fields, DialActionHandler.RecordedFields, DateTimeOffset.UtcNow, Attempt: 1);
            var (entity, indexEntry) = CallRecordEntity.ForSave(record).Value;
            await records.UpsertEntityAsync(entity, TableUpdateMode.Replace);
            await index.UpsertEntityAsync(indexEntry, TableUpdateMode.Replace);
        }

        // The same calls every round, so every round rewrites (Replace) the same keys and the tables stay the
        // same size: Azurite slows down as a table grows, which would otherwise favour whichever side ran first.
        var requests = Requests(random, operations);
        var writes = RawWrites(random, operations);

        // Warm-up: the handler's first write creates both tables and every key is written once; then passes of
        // both sides until tier-up has settled, so that the rounds measure the optimised code a warm worker runs.
        var warmUp = await WarmUpAsync(smoke, async () =>
        {
            await TimeAsync(requests, concurrency, HandlerAsync);
            await TimeAsync(writes, concurrency, RawAsync);
        });

        var results = new List<Round>();
        for (var round = 0; round < rounds; round++)
        {
            app.Logs.Entries.Clear();
            (TimeSpan Wall, TimeSpan Cpu) handler, raw;
            if (round % 4 is 0 or 3)
            {
                handler = await TimeAsync(requests, concurrency, HandlerAsync);
                raw = await TimeAsync(writes, concurrency, RawAsync);
            }
            else
            {
                raw = await TimeAsync(writes, concurrency, RawAsync);
                handler = await TimeAsync(requests, concurrency, HandlerAsync);
            }
            results.Add(new Round(handler.Wall.TotalSeconds, raw.Wall.TotalSeconds, handler.Cpu.TotalSeconds, raw.Cpu.TotalSeconds, operations));
        }
        return (warmUp, results);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> until <see cref="SettledPasses"/> passes in a row leave the count of JIT-compiled
    /// methods (tier-0 and the background tier-1 recompiles alike) where it was; how many passes that took, and the count.
    /// </summary>
    private static async Task<(int Passes, long CompiledMethods)> WarmUpAsync(bool smoke, Func<Task> pass)
    {
        var passes = 0;
        var settled = 0;
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (settled < SettledPasses && passes < (smoke ? 1 : MaxWarmUpPasses))
        {
            await pass();
            passes++;
            // Tiering waits 100 ms without new tier-0 work before it recompiles in the background: give it that time.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            settled = now == compiled ? settled + 1 : 0;
            compiled = now;
        }
        return (passes, compiled);
    }

    private static async Task InvokeAsync(TestApp app, DialActionFunction function, TestRequest request)
    {
        var response = await app.InvokeAsync(function.Run, request);
        if (response.StatusCode != 200)
        {
            throw new InvalidOperationException($"DialAction answered {response.StatusCode}: {response.Body}");
        }
    }

    private static (PlivoCall Call, TestRequest Request) DialAction(Random random)
    {
        var call = PlivoCall.Create(random);
        var answered = random.NextDouble() < 0.7;
        var request = answered
            ? PlivoCallbacks.DialAction(call, PlivoCall.NewUuid(random), "completed", "NORMAL_CLEARING")
            : PlivoCallbacks.DialAction(call, null, "no-answer", "NO_ANSWER");
        return (call, request);
    }

    /// <summary>Signed Dial action callbacks of distinct calls, built before the clock starts.</summary>
    private static List<TestRequest> Requests(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => DialAction(random).Request.Presigned())];

    /// <summary>The fields of distinct calls' Dial actions, as the handler would read them, built before the clock starts.</summary>
    private static List<RawWrite> RawWrites(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ =>
        {
            var (call, request) = DialAction(random);
            return new RawWrite(call.ALeg, new PlivoParameters(request.Form));
        })];

    /// <summary>Runs <paramref name="operation"/> over every item, <paramref name="concurrency"/> at a time; the wall and CPU time.</summary>
    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> TimeAsync<T>(IReadOnlyList<T> items, int concurrency, Func<T, Task> operation)
    {
        var next = -1;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
            {
                await operation(items[i]);
            }
        })));
        var wall = clock.Elapsed;
        process.Refresh();
        return (wall, process.TotalProcessorTime - cpu);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
