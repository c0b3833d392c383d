using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>
/// Writes <see cref="HeldRecords"/> as soon as storage answers again: it tries at once, then backs off from 1 s to
/// at most 15 s while storage stays down, so a record is written well within a minute of recovery. When the app
/// stops, it makes a last attempt, then logs every record still held in full (an Error an operator can
/// re-ingest), so none is lost silently.
/// </summary>
public sealed class HeldRecordWriter(
    HeldRecords held, ICallRecordStore store, CallbackRecorder recorder, DialStatusMetrics metrics, TimeProvider time,
    ILogger<HeldRecordWriter> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(15);

    /// <summary>How long the last attempt may take when the app stops; the host allows a worker about 30 s.</summary>
    public static readonly TimeSpan FinalAttemptBudget = TimeSpan.FromSeconds(10);

    /// <summary>One pass writes at most this many, oldest first, before it looks at storage's health again.</summary>
    private const int PassSize = 256;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        try
        {
            while (true)
            {
                await held.WaitForRecordsAsync(stoppingToken);
                if (await TryWritePassAsync(stoppingToken))
                {
                    delay = FirstRetryDelay;
                    continue;
                }
                await Task.Delay(delay, time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary><see cref="WritePassAsync"/>, outliving a fault in the app: the loop must go on, or nothing would write the records until the app stops.</summary>
    private async Task<bool> TryWritePassAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await WritePassAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            Log.HeldRecordWriterFailed(logger, exception, held.Count);
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // First, so that a record arriving during the last attempt is logged in full rather than held and forgotten.
        held.Close();
        await base.StopAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(FinalAttemptBudget);
        while (held.Count > 0 && !budget.IsCancellationRequested && await WritePassAsync(budget.Token))
        {
        }
        foreach (var record in held.Oldest(HeldRecords.Capacity))
        {
            recorder.Abandon(record.Record, "the app stopped before storage took it");
            held.Release(record);
        }
    }

    /// <summary>Writes the oldest held records; false when storage is still not taking them.</summary>
    private async Task<bool> WritePassAsync(CancellationToken cancellationToken)
    {
        foreach (var record in held.Oldest(PassSize))
        {
            var saved = await store.SaveAsync(record.Record, cancellationToken);
            switch (saved.Ended)
            {
                case null:
                    held.Release(record);
                    recorder.Stored(record.Record);
                    metrics.RecordWrittenLate(record.Record.Key.Kind);
                    Log.HeldRecordWritten(logger, record.Record.Key.Kind, record.Record.CallUuid, (time.GetUtcNow() - record.HeldSince).TotalSeconds);
                    break;
                case Outcome.Refused refused:
                    // Storage refuses this record itself: retrying cannot help, so it is logged in full instead.
                    held.Release(record);
                    recorder.Abandon(record.Record, refused.Message);
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
