using DialStatus.Functions.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// What an operator must hear at every start: settings whose value had spaces or line breaks around it (used
/// without them), signature validation turned off, and a retention function without a schedule.
/// </summary>
internal sealed class StartupNotices(
    IOptions<DialStatusOptions> dialStatus, IOptions<DialOptions> dial, IOptions<PlivoOptions> plivo, IOptions<StorageConnectionOptions> storage,
    ILogger<StartupNotices> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var setting in new[] { dialStatus.Value.Source, dial.Value.Source, plivo.Value.Source, storage.Value.Source }
            .SelectMany(source => source?.Trimmed ?? []))
        {
            Log.SettingTrimmed(logger, setting);
        }
        if (!plivo.Value.ValidateSignatures)
        {
            Log.SignatureValidationDisabled(logger);
        }
        if (dialStatus.Value.RetentionSchedule is null)
        {
            // Housekeeping must never stop the phone line: the host leaves the timer unindexed and runs the rest.
            Log.RetentionScheduleMissing(logger);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
