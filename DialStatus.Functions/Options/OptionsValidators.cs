using System.Text;
using Azure.Data.Tables;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Options;

// Each failure is one line that names the setting in both spellings (Section:Name and Section__Name) and says
// what would be valid, so a bad app setting is found and fixed from the start-up error alone.

internal sealed partial class DialStatusOptionsValidator : IValidateOptions<DialStatusOptions>
{
    /// <summary>Table Storage allows 63 characters; the day index table's name appends a suffix.</summary>
    public const int MaxTableNameLength = 63 - 5;

    /// <summary>Ten years: beyond that, keeping records forever (0) is what is meant.</summary>
    public const int MaxRetentionDays = 3650;

    public ValidateOptionsResult Validate(string? name, DialStatusOptions options)
    {
        var errors = new List<string>(options.Source?.Problems ?? []);
        if (!TableNamePattern().IsMatch(options.TableName ?? string.Empty))
        {
            errors.Add($"{Setting(nameof(options.TableName))} '{options.TableName}' is not a valid table name: 3 to {MaxTableNameLength} letters and digits, starting with a letter (the day index table adds '{DayIndex.TableSuffix}').");
        }
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

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,57}$")]
    private static partial System.Text.RegularExpressions.Regex TableNamePattern();

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

internal sealed partial class DialOptionsValidator : IValidateOptions<DialOptions>
{
    public ValidateOptionsResult Validate(string? name, DialOptions options)
    {
        var errors = new List<string>(options.Source?.Problems ?? []);
        var (targets, targetErrors) = DialTarget.ParseList(options.Targets);
        errors.AddRange(targetErrors.Select(error => $"{Setting(nameof(options.Targets))}: {error}."));
        if (targets.Count == 0 && targetErrors.Count == 0)
        {
            errors.Add($"{Setting(nameof(options.Targets))} is required: comma-separated E.164 numbers and sip: URIs to connect callers to.");
        }
        if (options.CallerName is { Length: > Dial.MaxCallerNameLength })
        {
            errors.Add($"{Setting(nameof(options.CallerName))} must be at most {Dial.MaxCallerNameLength} characters (Plivo's limit), not {options.CallerName.Length}.");
        }
        if (options.TimeoutSeconds is <= 0)
        {
            errors.Add($"{Setting(nameof(options.TimeoutSeconds))} must be a positive number of seconds, not {options.TimeoutSeconds}.");
        }
        if (options.TimeLimitSeconds is <= 0)
        {
            errors.Add($"{Setting(nameof(options.TimeLimitSeconds))} must be a positive number of seconds, not {options.TimeLimitSeconds}.");
        }
        if (options.CallerId is not null && !CallerIdPattern().IsMatch(options.CallerId))
        {
            errors.Add($"{Setting(nameof(options.CallerId))} must be a phone number in E.164 form, with or without its + (2 to 15 digits, the first not 0, e.g. +14155550100), as Plivo's <Dial callerId> takes it; leave it empty to show the caller's own number.");
        }
        AddXmlTextErrors(errors, nameof(options.CallerName), options.CallerName);
        if (AddXmlTextErrors(errors, nameof(options.UnansweredMessage), options.UnansweredMessage)
            && options.UnansweredMessage is { } message
            && Encoding.UTF8.GetByteCount(new PlivoResponse().Add(new Speak(message)).ToXml()) > PlivoResponse.MaxDocumentBytes)
        {
            errors.Add($"{Setting(nameof(options.UnansweredMessage))} is too long: Plivo takes XML documents of at most {PlivoResponse.MaxDocumentBytes / 1000} KB, and the <Speak> of this message would be larger.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>E.164 digits, the + optional: Plivo's examples write a Dial's callerId both ways.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\+?[1-9][0-9]{1,14}$")]
    private static partial System.Text.RegularExpressions.Regex CallerIdPattern();

    private static string Setting(string key) => SettingsSection.Name(DialOptions.Section, key);

    /// <summary>Adds an error when <paramref name="value"/> cannot be XML text; whether it can.</summary>
    private static bool AddXmlTextErrors(List<string> errors, string key, string? value)
    {
        if (value is not null && !PlivoXmlText.IsValid(value))
        {
            errors.Add($"{Setting(key)} contains characters that XML cannot carry (control characters or broken surrogate pairs).");
            return false;
        }
        return true;
    }
}

internal sealed class StorageConnectionOptionsValidator : IValidateOptions<StorageConnectionOptions>
{
    private static readonly string TableServiceUriSetting = SettingsSection.Name(StorageConnectionOptions.Section, "tableServiceUri");

    public ValidateOptionsResult Validate(string? name, StorageConnectionOptions options)
    {
        var errors = new List<string>(options.Source?.Problems ?? []);
        if (options.TableServiceUri is not null)
        {
            if (!Uri.TryCreate(options.TableServiceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"{TableServiceUriSetting} '{options.TableServiceUri}' must be an absolute https:// URL.");
            }
        }
        else if (options.ConnectionString is null)
        {
            errors.Add($"{StorageConnectionOptions.Section} is required: a storage connection string (UseDevelopmentStorage=true for Azurite) or {TableServiceUriSetting}.");
        }
        else if (!IsConnectionString(options.ConnectionString))
        {
            // The connection string holds the account key: never echo it.
            errors.Add($"{StorageConnectionOptions.Section} is not a valid storage connection string.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            _ = new TableServiceClient(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
