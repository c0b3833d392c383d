using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Options;

// Each failure is one line that names the setting in both spellings (Section:Name and Section__Name) and says
// what would be valid, so a bad app setting is found and fixed from the start-up error alone. Settings whose rules
// belong to another folder's vocabulary are validated there: the Dial settings as Plivo's XML takes them
// (Plivo/DialSettingsValidator), the table name and the storage connection by Storage/ (StorageSettingsValidators).

internal sealed partial class DialStatusOptionsValidator : IValidateOptions<DialStatusOptions>
{
    /// <summary>Ten years: beyond that, keeping records forever (0) is what is meant.</summary>
    public const int MaxRetentionDays = 3650;

    public ValidateOptionsResult Validate(string? name, DialStatusOptions options)
    {
        var errors = new List<string>(options.Source?.Problems ?? []);
        if (options.PublicBaseUrl is not null && PublicBaseUrlError(options.PublicBaseUrl) is { } urlError)
        {
            errors.Add($"{Setting(nameof(options.PublicBaseUrl))} '{options.PublicBaseUrl}' {urlError}");
        }
        if (options.StorageTimeoutSeconds is < 1 or > 30)
        {
            errors.Add($"{Setting(nameof(options.StorageTimeoutSeconds))} must be 1 to 30 (Plivo's read timeout is 40 s), not {options.StorageTimeoutSeconds}.");
        }
        if (options.RoutingStorageTimeoutSeconds is < 1 or > 5)
        {
            errors.Add($"{Setting(nameof(options.RoutingStorageTimeoutSeconds))} must be 1 to 5 (the caller waits that long at most), not {options.RoutingStorageTimeoutSeconds}.");
        }
        if (options.RetentionDays is < 0 or > MaxRetentionDays)
        {
            errors.Add($"{Setting(nameof(options.RetentionDays))} must be 0 (keep every record) to {MaxRetentionDays} days, not {options.RetentionDays}.");
        }
        if (options.RetentionSchedule is not null && !NcrontabShape().IsMatch(options.RetentionSchedule))
        {
            errors.Add($"{Setting(nameof(options.RetentionSchedule))} must be a six-field NCRONTAB expression in UTC, {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}} such as '0 30 3 * * *' (daily at 03:30), not '{options.RetentionSchedule}'.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Setting(string key) => SettingsSection.Name(DialStatusOptions.Section, key);

    /// <summary>Checks the value exactly as the app will use it: the signature covers every character of it.</summary>
    private static string? PublicBaseUrlError(string value)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "must not contain spaces or control characters.";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http:// or https:// URL.";
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return "must be scheme://host[:port] only, without path, query, fragment or user info.";
        }
        return null;
    }

    /// <summary>
    /// Six fields of numbers, names (<c>MON</c>, <c>JAN</c>), <c>*</c>, ranges, lists and steps, one space or tab
    /// apart: the shape the Functions host schedules. A five-field cron or a time span is refused here, at start-up.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9A-Za-z*,/-]+([ \t]+[0-9A-Za-z*,/-]+){5}$")]
    private static partial System.Text.RegularExpressions.Regex NcrontabShape();
}

internal sealed class PlivoOptionsValidator : IValidateOptions<PlivoOptions>
{
    public ValidateOptionsResult Validate(string? name, PlivoOptions options)
    {
        var errors = new List<string>(options.Source?.Problems ?? []);
        if (options.ValidateSignatures && options.AuthToken is null)
        {
            errors.Add($"{PlivoOptions.AuthTokenSetting} is required while {SettingsSection.Name(PlivoOptions.Section, nameof(options.ValidateSignatures))} is true.");
        }
        else if (options.AuthToken?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
        {
            // App Service leaves an unresolvable Key Vault reference in place as text: every signature would then fail.
            errors.Add($"{PlivoOptions.AuthTokenSetting} is an unresolved Key Vault reference: check the app's keyVaultReferenceIdentity and its Key Vault Secrets User role.");
        }
        else if (options.AuthToken?.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) == true)
        {
            // Plivo's tokens are letters and digits; one with a space inside would fail every signature. Never echo it.
            errors.Add($"{PlivoOptions.AuthTokenSetting} contains spaces or control characters: paste the token from the Plivo console again.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
