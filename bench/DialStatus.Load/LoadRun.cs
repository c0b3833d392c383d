using System.Collections.Concurrent;
using System.Diagnostics;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>How often a callback answered 503 is delivered again, as Plivo does with the app's retry fragment.</summary>
    private static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long held statuses may take to reach storage once it is back.</summary>
    private static readonly TimeSpan HeldStatusesWithin = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(AzuriteProcess azurite, LoadOptions options)
    {
        var connectionString = azurite.ConnectionString;
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

        var totalDeliveries = callbacks.Sum(c => c.Deliveries);
        var deliveries = 0;
        var outage = options.Outage is { } downFor ? Task.Run(() => OutageAsync(downFor)) : Task.FromResult<DateTimeOffset?>(null);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(PlayCallsAsync)));
        clock.Stop();
        var restartedAt = await outage;

        // Dial actions answered while storage was down are held in the app: wait for them to reach the table.
        var held = app.Services.GetRequiredService<HeldRecords>();
        var drained = await WaitUntilDrainedAsync(held);
        var timedOut = deadline.IsCancellationRequested && !queue.IsEmpty;
        var verification = await VerifyAsync(connectionString, app.TableName, callbacks, sent, acknowledged);
        var warnings = app.Logs.Entries.Count(e => e.Level >= LogLevel.Warning);
        Report(options, clock.Elapsed, [.. results], failures, verification, warnings, timedOut);
        if (restartedAt is { } restarted)
        {
            ReportOutage(options.Outage!.Value, results, app.Logs, held.Count, drained is { } at ? at - restarted : null);
        }
        var heldLeft = held.Count > 0;
        Console.WriteLine(timedOut || !failures.IsEmpty || verification.Failed || heldLeft ? "RESULT: FAIL" : "RESULT: PASS");
        return timedOut || !failures.IsEmpty || verification.Failed || heldLeft ? 1 : 0;

        async Task<DateTimeOffset?> OutageAsync(TimeSpan downFor)
        {
            while (Volatile.Read(ref deliveries) < totalDeliveries / 3 && !deadline.IsCancellationRequested)
            {
                await Task.Delay(10);
            }
            Console.WriteLine($"Outage: Azurite stopped after {Volatile.Read(ref deliveries)} deliveries, down for {downFor.TotalSeconds:0} s");
            await azurite.InterruptAsync();
            await Task.Delay(downFor);
            await azurite.StartAsync();
            Console.WriteLine("Outage: Azurite started again");
            return DateTimeOffset.UtcNow;
        }

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
            Interlocked.Increment(ref deliveries);
            while (await DeliverAsync(callback) == 503 && options.Outage is not null && !deadline.IsCancellationRequested)
            {
                await Task.Delay(RedeliveryDelay);
            }
        }

        async Task<int> DeliverAsync(Callback callback)
        {
            var id = callback.Id;
            Interlocked.Increment(ref sent[id]);
            var started = Stopwatch.GetTimestamp();
            int status;
            string? body = null;
            try
            {
                var response = await app.InvokeAsync(functions[callback.Endpoint], callback.Request);
                status = response.StatusCode;
                body = response.Body;
            }
            catch (Exception e)
            {
                status = 0;
                body = $"{e.GetType().Name} {e.Message}";
            }
            results.Enqueue(new Sent(callback.Endpoint, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (status is >= 200 and < 300)
            {
                Interlocked.Increment(ref acknowledged[id]);
            }
            // During an outage a 503 is the contract: it is redelivered, and only a last one is a failure.
            else if (status != 503 || options.Outage is null || deadline.IsCancellationRequested)
            {
                failures.Enqueue($"{callback.Endpoint} {callback.Request.PathAndQuery}: HTTP {status} {body}");
            }
            return status;
        }
    }

    /// <summary>When the last held status reached storage; null when some are still held after the bound.</summary>
    private static async Task<DateTimeOffset?> WaitUntilDrainedAsync(HeldRecords held)
    {
        var deadline = DateTimeOffset.UtcNow + HeldStatusesWithin;
        while (held.Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return held.Count == 0 ? DateTimeOffset.UtcNow : null;
    }

    private static void ReportOutage(TimeSpan downFor, IEnumerable<Sent> results, LogCapture logs, int stillHeld, TimeSpan? drainedAfterRestart)
    {
        var refused = results.Count(r => r.StatusCode == 503);
        var heldBack = logs.Entries.Count(e => e.EventId.Id == 3004);
        var writtenLate = logs.Entries.Count(e => e.EventId.Id == 3005);
        var abandoned = logs.Entries.Count(e => e.EventId.Id == 3006);
        Console.WriteLine();
        Console.WriteLine($"Outage of {downFor.TotalSeconds:0} s: {refused} deliveries answered 503 and redelivered; " +
            $"{heldBack} statuses held back while routing, {writtenLate} written after the restart, {abandoned} abandoned, {stillHeld} still held");
        Console.WriteLine(drainedAfterRestart is { } after
            ? $"Every held status was in storage {Math.Max(0, after.TotalSeconds):0.0} s after Azurite started again"
            : $"Statuses were still held {HeldStatusesWithin.TotalSeconds:0} s after the sending ended");
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

        // The day index: one entry per dial status record, whose RowKey names the record, and one marker per call
        // for its other records (per call and day: a call whose records straddle midnight has one on each).
        var markerSuffix = $"|{DayIndex.CallMarker}";
        var expectedIndex = expected.Values.Where(e => e.Record.Indexed)
            .ToDictionary(e => $"{e.Record.PartitionKey}|{e.Record.RowKey}", e => e.Acknowledged);
        foreach (var call in expected.Values.Where(e => !e.Record.Indexed).GroupBy(e => e.Record.PartitionKey))
        {
            expectedIndex[call.Key + markerSuffix] = call.Any(e => e.Acknowledged);
        }
        var index = await RecordsTable.ReadAllAsync(connectionString, DayIndex.TableName(tableName));
        var indexByRow = index.GroupBy(e => e.RowKey).ToDictionary(g => g.Key, g => g.Count());
        var lostIndex = expectedIndex.Count(e => e.Value && !indexByRow.ContainsKey(e.Key));
        var duplicateIndex = indexByRow.Sum(e => !expectedIndex.ContainsKey(e.Key) ? e.Value
            : e.Key.EndsWith(markerSuffix, StringComparison.Ordinal) ? 0 : e.Value - 1);

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
        var errors = failures.Count;
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
        Console.WriteLine($"Errors (non-2xx or exception{(options.Outage is null ? "" : ", a 503 that was redelivered excepted")}): {errors}");
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
        Console.WriteLine($"Day index: {verification.IndexEntries} entries for {verification.ExpectedIndexEntries} dial statuses and call markers; " +
            $"lost {verification.LostIndexEntries}, duplicates {verification.DuplicateIndexEntries}");
        Console.WriteLine($"Warnings and errors logged by the app: {warnings}");
        if (timedOut)
        {
            Console.WriteLine($"Stopped after {options.MaxDuration.TotalSeconds:0} s before every callback was sent.");
        }
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
