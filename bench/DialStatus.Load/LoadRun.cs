using System.Collections.Concurrent;
using System.Diagnostics;
using DialStatus.Functions.Functions;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace DialStatus.Load;

/// <summary>
/// Sends a scenario's callbacks through the real function classes, <see cref="LoadOptions.Concurrency"/>
/// requests at a time (each in-flight slot plays one call's callbacks in order), then reads Table Storage
/// back and checks that every acknowledged callback left exactly its one record.
/// </summary>
public static class LoadRun
{
    private sealed record Sent(Endpoint Endpoint, int StatusCode, double Milliseconds);

    public static async Task<int> RunAsync(string connectionString, LoadOptions options)
    {
        var calls = Scenario.Generate(options.Callbacks, options.Duplicates, options.Seed);
        var callbacks = calls.SelectMany(c => c).ToArray();
        Console.WriteLine($"Scenario: {calls.Count} calls, {callbacks.Length} distinct callbacks, {callbacks.Sum(c => c.Deliveries)} deliveries " +
            $"({callbacks.Count(c => c.Redelivery == Redelivery.TwiceInSequence)} delivered twice in sequence, " +
            $"{callbacks.Count(c => c.Redelivery == Redelivery.TwiceAtOnce)} twice at once), concurrency {options.Concurrency}");

        await WarmUpAsync(connectionString);

        await using var app = TestApp.Create(connectionString);
        var functions = Functions(app);
        app.Logs.Entries.Clear();
        var acknowledged = new int[callbacks.Length];
        var sent = new int[callbacks.Length];
        var results = new ConcurrentQueue<Sent>();
        var failures = new ConcurrentQueue<string>();
        var queue = new ConcurrentQueue<List<Callback>>(calls);
        using var deadline = new CancellationTokenSource(options.MaxDuration);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(PlayCallsAsync)));
        clock.Stop();

        var timedOut = deadline.IsCancellationRequested && !queue.IsEmpty;
        var verification = await VerifyAsync(connectionString, app.TableName, callbacks, sent, acknowledged);
        var warnings = app.Logs.Entries.Count(e => e.Level >= LogLevel.Warning);
        Report(options, clock.Elapsed, [.. results], failures, verification, warnings, timedOut);
        return timedOut || !failures.IsEmpty || verification.Failed ? 1 : 0;

        async Task PlayCallsAsync()
        {
            while (!deadline.IsCancellationRequested && queue.TryDequeue(out var call))
            {
                foreach (var callback in call)
                {
                    if (deadline.IsCancellationRequested)
                    {
                        return;
                    }
                    switch (callback.Redelivery)
                    {
                        case Redelivery.TwiceAtOnce:
                            await Task.WhenAll(SendAsync(callback), SendAsync(callback));
                            break;
                        case Redelivery.TwiceInSequence:
                            await SendAsync(callback);
                            await SendAsync(callback);
                            break;
                        default:
                            await SendAsync(callback);
                            break;
                    }
                }
            }
        }

        async Task SendAsync(Callback callback)
        {
            var id = callback.Id;
            Interlocked.Increment(ref sent[id]);
            var started = Stopwatch.GetTimestamp();
            int status;
            try
            {
                var response = await app.InvokeAsync(functions[callback.Endpoint], callback.Request);
                status = response.StatusCode;
                if (status is < 200 or >= 300)
                {
                    failures.Enqueue($"{callback.Endpoint} {callback.Request.PathAndQuery}: HTTP {status} {response.Body}");
                }
            }
            catch (Exception e)
            {
                status = 0;
                failures.Enqueue($"{callback.Endpoint} {callback.Request.PathAndQuery}: {e.GetType().Name} {e.Message}");
            }
            results.Enqueue(new Sent(callback.Endpoint, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (status is >= 200 and < 300)
            {
                Interlocked.Increment(ref acknowledged[id]);
            }
        }
    }

    /// <summary>The real function classes, as the worker would bind them.</summary>
    public static Dictionary<Endpoint, Func<HttpRequest, CancellationToken, Task<IActionResult>>> Functions(TestApp app) => new()
    {
        [Endpoint.Answer] = app.Create<AnswerFunction>().Run,
        [Endpoint.Fallback] = app.Create<FallbackFunction>().Run,
        [Endpoint.Ring] = app.Create<RingFunction>().Run,
        [Endpoint.DialCallback] = app.Create<DialCallbackFunction>().Run,
        [Endpoint.DialAction] = app.Create<DialActionFunction>().Run,
        [Endpoint.Hangup] = app.Create<HangupFunction>().Run,
        [Endpoint.Phlo] = app.Create<PhloFunction>().Run,
    };

    /// <summary>One call of every kind through a throwaway app (its own table): JIT and connections, outside the measurement.</summary>
    private static async Task WarmUpAsync(string connectionString)
    {
        await using var app = TestApp.Create(connectionString);
        var functions = Functions(app);
        foreach (var callback in Scenario.Generate(60, 0, seed: 1).SelectMany(c => c))
        {
            await app.InvokeAsync(functions[callback.Endpoint], callback.Request);
        }
    }

    private sealed record Verification(
        int ExpectedRecords, int Records, int Lost, int Duplicates, int WrongKind,
        int ExpectedIndexEntries, int IndexEntries, int LostIndexEntries, int DuplicateIndexEntries, IReadOnlyList<string> Examples)
    {
        public bool Failed => Lost > 0 || Duplicates > 0 || WrongKind > 0 || LostIndexEntries > 0 || DuplicateIndexEntries > 0;
    }

    private static async Task<Verification> VerifyAsync(string connectionString, string tableName, Callback[] callbacks, int[] sent, int[] acknowledged)
    {
        // Every distinct event that was sent, and whether any of its deliveries was acknowledged (2xx).
        var expected = new Dictionary<(string, string), (ExpectedRecord Record, bool Acknowledged)>();
        for (var id = 0; id < callbacks.Length; id++)
        {
            if (sent[id] > 0 && callbacks[id].Record is { } record)
            {
                var key = (record.PartitionKey, record.RowKey);
                expected[key] = (record, acknowledged[id] > 0 || (expected.TryGetValue(key, out var earlier) && earlier.Acknowledged));
            }
        }
        var records = await RecordsTable.ReadAllAsync(connectionString, tableName);
        var stored = records.ToDictionary(r => (r.PartitionKey, r.RowKey));
        var lost = expected.Count(e => e.Value.Acknowledged && !stored.ContainsKey(e.Key));
        var duplicates = records.Count(r => !expected.ContainsKey((r.PartitionKey, r.RowKey)));
        var wrongKind = records.Count(r => expected.TryGetValue((r.PartitionKey, r.RowKey), out var e) && r.GetString(RecordProperties.RecordKind) != e.Record.Kind);

        // The day index: one entry per dial status record, whose RowKey names the record.
        var expectedIndex = expected.Values.Where(e => e.Record.Indexed)
            .ToDictionary(e => $"{e.Record.PartitionKey}|{e.Record.RowKey}", e => e.Acknowledged);
        var index = await RecordsTable.ReadAllAsync(connectionString, DayIndex.TableName(tableName));
        var indexByRow = index.GroupBy(e => e.RowKey).ToDictionary(g => g.Key, g => g.Count());
        var lostIndex = expectedIndex.Count(e => e.Value && !indexByRow.ContainsKey(e.Key));
        var duplicateIndex = indexByRow.Sum(e => expectedIndex.ContainsKey(e.Key) ? e.Value - 1 : e.Value);

        string[] examples =
        [
            .. expected.Where(e => e.Value.Acknowledged && !stored.ContainsKey(e.Key)).Take(3).Select(e => $"lost: {e.Key.Item1} / {e.Key.Item2}"),
            .. records.Where(r => !expected.ContainsKey((r.PartitionKey, r.RowKey))).Take(3).Select(r => $"not expected: {r.PartitionKey} / {r.RowKey}"),
        ];
        return new Verification(expected.Count, records.Count, lost, duplicates, wrongKind, expectedIndex.Count, index.Count, lostIndex, duplicateIndex, examples);
    }

    private static void Report(
        LoadOptions options, TimeSpan elapsed, IReadOnlyList<Sent> results, IReadOnlyCollection<string> failures,
        Verification verification, int warnings, bool timedOut)
    {
        var errors = results.Count(r => r.StatusCode is < 200 or >= 300);
        Console.WriteLine();
        Console.WriteLine($"Sent {results.Count} callbacks in {elapsed.TotalSeconds:0.00} s: {results.Count / elapsed.TotalSeconds:0} callbacks/s at concurrency {options.Concurrency}");
        Console.WriteLine($"Latency (ms): p50 {Percentile(results, 50):0.0}  p99 {Percentile(results, 99):0.0}  max {Percentile(results, 100):0.0}");
        Console.WriteLine();
        Console.WriteLine("| endpoint | sent | 2xx | non-2xx | p50 ms | p99 ms |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|");
        foreach (var group in results.GroupBy(r => r.Endpoint).OrderBy(g => g.Key))
        {
            var list = group.ToList();
            var ok = list.Count(r => r.StatusCode is >= 200 and < 300);
            Console.WriteLine($"| {group.Key} | {list.Count} | {ok} | {list.Count - ok} | {Percentile(list, 50):0.0} | {Percentile(list, 99):0.0} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Errors (non-2xx or exception): {errors}");
        foreach (var failure in failures.Take(10))
        {
            Console.WriteLine($"  {failure}");
        }
        Console.WriteLine($"Records: {verification.Records} in the table for {verification.ExpectedRecords} distinct events; " +
            $"lost {verification.Lost}, duplicates {verification.Duplicates}, wrong kind {verification.WrongKind}");
        foreach (var example in verification.Examples)
        {
            Console.WriteLine($"  {example}");
        }
        Console.WriteLine($"Day index: {verification.IndexEntries} entries for {verification.ExpectedIndexEntries} dial statuses; " +
            $"lost {verification.LostIndexEntries}, duplicates {verification.DuplicateIndexEntries}");
        Console.WriteLine($"Warnings and errors logged by the app: {warnings}");
        if (timedOut)
        {
            Console.WriteLine($"Stopped after {options.MaxDuration.TotalSeconds:0} s before every callback was sent.");
        }
        Console.WriteLine(timedOut || errors > 0 || verification.Failed ? "RESULT: FAIL" : "RESULT: PASS");
    }

    private static double Percentile(IReadOnlyList<Sent> results, double percentile)
    {
        if (results.Count == 0)
        {
            return double.NaN;
        }
        var sorted = results.Select(r => r.Milliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
