using Azure.Data.Tables;
using DialStatus.Functions.Options;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Storage;

// The storage settings, validated where their rules live: Table Storage's naming and connection rules.

/// <summary>The records table's name, which the day index table's name extends (<see cref="DayIndex.TableSuffix"/>).</summary>
internal sealed partial class TableNameValidator : IValidateOptions<DialStatusOptions>
{
    /// <summary>Table Storage allows 63 characters; the day index table's name appends a suffix.</summary>
    public const int MaxTableNameLength = 63 - 5;

    public ValidateOptionsResult Validate(string? name, DialStatusOptions options) =>
        TableNamePattern().IsMatch(options.TableName ?? string.Empty)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SettingsSection.Name(DialStatusOptions.Section, nameof(options.TableName))} '{options.TableName}' is not a valid table name: 3 to {MaxTableNameLength} letters and digits, starting with a letter (the day index table adds '{DayIndex.TableSuffix}').");

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,57}$")]
    private static partial System.Text.RegularExpressions.Regex TableNamePattern();
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
