using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using DialStatus.Bench;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.ColdStart;

/// <summary>The times of one fresh process, in milliseconds from just before it was started.</summary>
/// <param name="Stored">Whether the Dial action's record was in the table when its 200 arrived (else it was held).</param>
/// <param name="JitMethods">Methods the JIT had compiled by then (every thread, tier-1 recompilations included).</param>
/// <param name="JitMilliseconds">Time spent in the JIT by then, every thread.</param>
/// <param name="CpuMilliseconds">CPU time the process had used by then (user and system, every thread).</param>
public sealed record StartTimes(
    double Listening, double Answer, double Action, bool Stored, int JitMethods, double JitMilliseconds, double CpuMilliseconds);

/// <summary>Starts one process of a variant, times it to its first answer and its first Dial action, and stops it.</summary>
public static class ColdStartProcess
{
    private const string ListeningPrefix = "listening ";
    private const string StatsPrefix = "stats ";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<StartTimes> TimeAsync(Variant variant, string storageConnectionString, string tableName, HttpMessageHandler handler)
    {
        var call = PlivoCall.Create(Random.Shared);
        // Signed before the clock starts: signing is Plivo's work, not the app's.
        var answer = PlivoCallbacks.Answer(call).Presigned();
        var action = PlivoCallbacks.DialAction(call, PlivoCall.NewUuid(Random.Shared), "completed", "NORMAL_CLEARING").Presigned();

        // As the Functions host starts the worker (worker.config.json): dotnet and the entry assembly.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { variant.EntryPoint, storageConnectionString, tableName },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var errors = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        try
        {
            process.ErrorDataReceived += (_, line) =>
            {
                if (line.Data is not null)
                {
                    errors.Enqueue(line.Data);
                }
            };
            process.BeginErrorReadLine();
            var address = await ReadAddressAsync(process, errors);
            var listening = clock.Elapsed.TotalMilliseconds;
            // Its output is read all along, so that a full pipe never blocks it; only its figures are kept.
            var statsLine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Task.Run(() => ReadOutputAsync(process, statsLine));

            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address, Timeout = StartTimeout };
            var dialXml = await SendAsync(client, answer, "answer");
            var answered = clock.Elapsed.TotalMilliseconds;
            if (!dialXml.Contains("<Dial", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The answer was not a Dial: {dialXml}");
            }
            await SendAsync(client, action, "Dial action");
            var acted = clock.Elapsed.TotalMilliseconds;
            var stored = await IsDialActionStoredAsync(storageConnectionString, tableName, call.ALeg);

            await process.StandardInput.WriteLineAsync("stats");
            await process.StandardInput.FlushAsync();
            var stats = (await statsLine.Task.WaitAsync(StartTimeout)).Split(' ');
            return new StartTimes(listening, answered, acted, stored, int.Parse(stats[1], CultureInfo.InvariantCulture),
                double.Parse(stats[2], CultureInfo.InvariantCulture), double.Parse(stats[3], CultureInfo.InvariantCulture));
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task<Uri> ReadAddressAsync(Process process, ConcurrentQueue<string> errors)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
            {
                return new Uri(line[ListeningPrefix.Length..]);
            }
        }
        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException(
            $"The host exited with code {process.ExitCode} before it listened:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    /// <summary>Reads the host's output to its end, handing on its answer to "stats"; the rest (its console log) is dropped.</summary>
    private static async Task ReadOutputAsync(Process process, TaskCompletionSource<string> statsLine)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(StatsPrefix, StringComparison.Ordinal))
            {
                statsLine.TrySetResult(line);
            }
        }
        statsLine.TrySetException(new InvalidOperationException("The host exited without reporting its figures."));
    }

    private static async Task<string> SendAsync(HttpClient client, TestRequest request, string what)
    {
        using var message = request.ToHttpRequestMessage();
        using var response = await client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"The {what} got {(int)response.StatusCode}: {body}");
    }

    private static async Task<bool> IsDialActionStoredAsync(string storageConnectionString, string tableName, string callUuid)
    {
        var table = new TableClient(storageConnectionString, tableName);
        await foreach (var record in table.QueryAsync<TableEntity>(e => e.PartitionKey == callUuid))
        {
            if (record.GetString(RecordProperties.RecordKind) == RecordKind.DialAction)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Closes its standard input, which stops it as the worker stops; kills it if it does not exit.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
