using Azure.Data.Tables;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Options;

// Each failure names the setting as users write it, so a bad app setting is found from the start-up error alone.

internal sealed partial class DialStatusOptionsValidator : IValidateOptions<DialStatusOptions>
{
    public ValidateOptionsResult Validate(string? name, DialStatusOptions options)
    {
        var errors = new List<string>();
        if (!TableNamePattern().IsMatch(options.TableName ?? string.Empty))
        {
            errors.Add($"DialStatus:TableName '{options.TableName}' is not a valid table name: 3 to {MaxTableNameLength} letters and digits, starting with a letter (the day index table adds '{DayIndex.TableSuffix}').");
        }
        if (options.PublicBaseUrl is not null && PublicBaseUrlError(options.PublicBaseUrl) is { } urlError)
        {
            errors.Add($"DialStatus:PublicBaseUrl '{options.PublicBaseUrl}' {urlError}");
        }
        if (options.StorageTimeoutSeconds is < 1 or > 30)
        {
            errors.Add($"DialStatus:StorageTimeoutSeconds must be 1 to 30 (Plivo's read timeout is 40 s), not {options.StorageTimeoutSeconds}.");
        }
        if (options.RoutingStorageTimeoutSeconds is < 1 or > 5)
        {
            errors.Add($"DialStatus:RoutingStorageTimeoutSeconds must be 1 to 5 (the caller waits that long at most), not {options.RoutingStorageTimeoutSeconds}.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? PublicBaseUrlError(string value)
    {
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

    /// <summary>Table Storage allows 63 characters; the day index table's name appends a suffix.</summary>
    public const int MaxTableNameLength = 63 - 5;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,57}$")]
    private static partial System.Text.RegularExpressions.Regex TableNamePattern();
}

internal sealed class PlivoOptionsValidator : IValidateOptions<PlivoOptions>
{
    public ValidateOptionsResult Validate(string? name, PlivoOptions options)
    {
        if (options.ValidateSignatures && string.IsNullOrWhiteSpace(options.AuthToken))
        {
            return ValidateOptionsResult.Fail(
                $"Plivo:AuthToken (or {PlivoOptions.AuthTokenEnvironmentVariable}) is required while Plivo:ValidateSignatures is true.");
        }
        // App Service leaves an unresolvable Key Vault reference in place as text: every signature would then fail.
        if (options.AuthToken?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
        {
            return ValidateOptionsResult.Fail(
                "Plivo:AuthToken is an unresolved Key Vault reference: check the app's keyVaultReferenceIdentity and its Key Vault Secrets User role.");
        }
        return ValidateOptionsResult.Success;
    }
}

internal sealed class DialOptionsValidator : IValidateOptions<DialOptions>
{
    public ValidateOptionsResult Validate(string? name, DialOptions options)
    {
        var errors = new List<string>();
        var (targets, targetErrors) = DialTarget.ParseList(options.Targets);
        errors.AddRange(targetErrors.Select(error => $"Dial:Targets: {error}."));
        if (targets.Count == 0 && targetErrors.Count == 0)
        {
            errors.Add("Dial:Targets is required: comma-separated E.164 numbers and sip: URIs to connect callers to.");
        }
        if (options.CallerName is { Length: > Dial.MaxCallerNameLength })
        {
            errors.Add($"Dial:CallerName must be at most {Dial.MaxCallerNameLength} characters (Plivo's limit), not {options.CallerName.Length}.");
        }
        if (options.TimeoutSeconds is <= 0)
        {
            errors.Add($"Dial:TimeoutSeconds must be a positive number of seconds, not {options.TimeoutSeconds}.");
        }
        if (options.TimeLimitSeconds is <= 0)
        {
            errors.Add($"Dial:TimeLimitSeconds must be a positive number of seconds, not {options.TimeLimitSeconds}.");
        }
        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"Dial:Mode must be simultaneous or sequential, not {options.Mode}.");
        }
        AddXmlTextErrors(errors, "Dial:CallerId", options.CallerId);
        AddXmlTextErrors(errors, "Dial:CallerName", options.CallerName);
        AddXmlTextErrors(errors, "Dial:UnansweredMessage", options.UnansweredMessage);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void AddXmlTextErrors(List<string> errors, string setting, string? value)
    {
        if (value is not null && !PlivoXmlText.IsValid(value))
        {
            errors.Add($"{setting} contains characters that XML cannot carry (control characters or broken surrogate pairs).");
        }
    }
}

internal sealed class StorageConnectionOptionsValidator : IValidateOptions<StorageConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageConnectionOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.TableServiceUri))
        {
            return Uri.TryCreate(options.TableServiceUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"AzureWebJobsStorage:tableServiceUri '{options.TableServiceUri}' must be an absolute https:// URL.");
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "AzureWebJobsStorage is required: a storage connection string (UseDevelopmentStorage=true for Azurite) or AzureWebJobsStorage__tableServiceUri.");
        }
        try
        {
            _ = new TableServiceClient(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The connection string holds the account key: never echo it.
            return ValidateOptionsResult.Fail("AzureWebJobsStorage is not a valid storage connection string.");
        }
    }
}
