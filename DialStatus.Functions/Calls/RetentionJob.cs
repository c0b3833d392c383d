using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Options;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// Deletes the calls filed under a UTC day more than <c>DialStatus:RetentionDays</c> ago, every record and day-index
/// entry of them, dialled or not. It finds them from the day index alone (never a scan of the records table):
/// the oldest day first, each of that day's calls, then the next oldest day, until nothing older is left or the run
/// has deleted <see cref="DialStatusOptions.RetentionCallsPerRun"/> calls. Each call is deleted anchored on the day
/// it was found on, so a run that stops (its bound, a storage failure, the host stopping) leaves every remaining
/// call reachable from its day and the next run goes on from there; running it again changes nothing.
/// </summary>
public sealed class RetentionJob(
    ICallRecordStore store, IOptions<DialStatusOptions> options, DialStatusMetrics metrics, TimeProvider time, ILogger<RetentionJob> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retentionDays = options.Value.RetentionDays;
        if (retentionDays == 0)
        {
            Log.RetentionOff(logger);
            return;
        }
        // A day goes once all of it lies more than RetentionDays days in the past.
        var cutoff = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-retentionDays);
        var run = new Run();
        var stoppedEarly = await DeleteDaysBeforeAsync(cutoff, run, cancellationToken);
        var cutoffDay = UtcDay.Text(cutoff);
        if (stoppedEarly is null)
        {
            Log.RetentionFinished(logger, run.CallsDeleted, cutoffDay, run.DaysCleared.Count);
        }
        else
        {
            Log.RetentionStoppedEarly(logger, run.CallsDeleted, cutoffDay, run.DaysCleared.Count, stoppedEarly);
        }
    }

    /// <summary>Deletes day after day, oldest first; why it stopped before the cutoff, or null when nothing older is left.</summary>
    private async Task<string?> DeleteDaysBeforeAsync(DateOnly cutoff, Run run, CancellationToken cancellationToken)
    {
        var bound = options.Value.RetentionCallsPerRun;
        var boundReached = $"a run deletes at most {bound} calls";
        while (true)
        {
            if (!(await store.FindOldestDayAsync(cutoff, cancellationToken)).TryGet(out var oldest, out var failed))
            {
                return Describe(failed);
            }
            if (oldest is not { } day)
            {
                return null;
            }
            var budget = bound - run.CallsDeleted;
            if (budget == 0)
            {
                return boundReached;
            }
            if (!(await store.ReadDayCallsAsync(day, cancellationToken)).TryGet(out var calls, out failed))
            {
                return Describe(failed);
            }
            if (calls.Count == 0)
            {
                // The seek found entries that the read names no call of (only another writer's entries, or an
                // erasure in between): stop rather than seek the same day again.
                return $"the day index holds no call of {UtcDay.Text(day)} to delete";
            }
            foreach (var callUuid in calls.Take(budget))
            {
                if (!(await store.DeleteCallAsync(callUuid, day, cancellationToken)).TryGet(out _, out failed))
                {
                    return Describe(failed);
                }
                run.CallsDeleted++;
                metrics.CallDeleted(DialStatusMetrics.Retention);
            }
            if (calls.Count > budget)
            {
                return boundReached;
            }
            // Entries written for this day meanwhile (a replayed callback) bring it back to the next seek, and their
            // calls go with their records like the others.
            run.DaysCleared.Add(day);
        }
    }

    private static string Describe(Outcome failed) => failed switch
    {
        Outcome.StorageUnavailable unavailable => unavailable.Reason,
        Outcome.Aborted => "the host is stopping",
        Outcome.Refused refused => refused.Message,
        _ => failed.GetType().Name,
    };

    private sealed class Run
    {
        public int CallsDeleted { get; set; }

        public HashSet<DateOnly> DaysCleared { get; } = [];
    }
}
