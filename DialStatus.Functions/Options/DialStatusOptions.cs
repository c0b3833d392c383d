namespace DialStatus.Functions.Options;

/// <summary>Settings under <c>DialStatus:</c> (app settings <c>DialStatus__…</c>).</summary>
public sealed class DialStatusOptions
{
    public const string Section = "DialStatus";

    /// <summary>The records table.</summary>
    public string TableName { get; set; } = "DialStatus";

    /// <summary>
    /// <c>scheme://host[:port]</c> as Plivo sees this app (proxies, tunnels, custom domains). Signatures
    /// are checked against, and generated callback URLs start with, this base. Null: the request's own URL.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// How long one callback may spend on Table Storage (retries included) before it is answered 503,
    /// kept well inside Plivo's read timeout so that Plivo retries instead of giving up.
    /// </summary>
    public int StorageTimeoutSeconds { get; set; } = 8;

    /// <summary>
    /// How long a callback whose reply steers the call (the Dial action, the fallback) waits for storage before it
    /// routes the call anyway and holds the record for a later write. Short, so the caller never waits on storage.
    /// </summary>
    public int RoutingStorageTimeoutSeconds { get; set; } = 2;

    /// <summary>Logs show phone numbers with all but the last 4 digits masked; false logs them in full.</summary>
    public bool MaskPhoneNumbersInLogs { get; set; } = true;

    /// <summary>
    /// Calls filed under a UTC day more than this many days ago are deleted, every record and index entry, by the
    /// retention function. 0 keeps every record.
    /// </summary>
    public int RetentionDays { get; set; }

    /// <summary>
    /// When the retention function runs: a six-field NCRONTAB expression (UTC), which the Functions host reads
    /// itself from this setting (the timer's <c>%DialStatus:RetentionSchedule%</c>); the app only checks its shape.
    /// </summary>
    public string? RetentionSchedule { get; set; }

    /// <summary>
    /// Not a setting: the most calls one retention run deletes before it leaves the rest to the next run, so that
    /// a long backlog (retention turned on over years of records) is worked off in bounded steps. Tests lower it.
    /// </summary>
    internal int RetentionCallsPerRun { get; set; } = 5000;

    /// <summary>Where these options were read from: what could not be read, and what was trimmed.</summary>
    internal SettingsSection? Source { get; private set; }

    internal static void ReadFrom(SettingsSection settings, DialStatusOptions options)
    {
        options.Source = settings;
        options.TableName = settings.Text(nameof(TableName)) ?? options.TableName;
        options.PublicBaseUrl = settings.Text(nameof(PublicBaseUrl));
        options.StorageTimeoutSeconds = settings.Number(nameof(StorageTimeoutSeconds)) ?? options.StorageTimeoutSeconds;
        options.RoutingStorageTimeoutSeconds = settings.Number(nameof(RoutingStorageTimeoutSeconds)) ?? options.RoutingStorageTimeoutSeconds;
        options.MaskPhoneNumbersInLogs = settings.Flag(nameof(MaskPhoneNumbersInLogs)) ?? options.MaskPhoneNumbersInLogs;
        options.RetentionDays = settings.Number(nameof(RetentionDays)) ?? options.RetentionDays;
        options.RetentionSchedule = settings.Text(nameof(RetentionSchedule));
    }
}
