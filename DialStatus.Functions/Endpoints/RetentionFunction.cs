using DialStatus.Functions.Calls;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>
/// Runs <see cref="RetentionJob"/> on <c>DialStatus:RetentionSchedule</c>. The Functions host resolves the schedule
/// from the app setting itself; the job takes everything else from the app's services, so tests run it as it is.
/// </summary>
public sealed class RetentionFunction(RetentionJob job)
{
    public const string Name = "Retention";

    /// <summary>The app setting the host reads the timer's NCRONTAB expression from.</summary>
    public const string Schedule = "%DialStatus:RetentionSchedule%";

    [Function(Name)]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) => job.RunAsync(cancellationToken);
}
