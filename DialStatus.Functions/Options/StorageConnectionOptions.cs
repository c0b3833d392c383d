namespace DialStatus.Functions.Options;

/// <summary>
/// Where the records live: the Functions host's own <c>AzureWebJobsStorage</c> setting, either a
/// connection string (<c>UseDevelopmentStorage=true</c> locally) or the identity-based form
/// (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageConnectionOptions
{
    public const string Section = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }

    public string? TableServiceUri { get; set; }

    /// <summary><c>managedidentity</c> selects a managed identity; anything else, the default Azure credential chain.</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>Where these options were read from: what could not be read, and what was trimmed.</summary>
    internal SettingsSection? Source { get; private set; }

    internal static void ReadFrom(SettingsSection settings, string? connectionString, StorageConnectionOptions options)
    {
        options.Source = settings;
        options.ConnectionString = settings.Trim(connectionString, Section);
        options.TableServiceUri = settings.Text("tableServiceUri");
        options.Credential = settings.Text("credential");
        options.ClientId = settings.Text("clientId");
    }
}
