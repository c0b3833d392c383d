using System.Text.Json;

namespace DialStatus.Cli;

/// <summary>
/// The Plivo auth token to sign with, in the order the app itself is configured locally: the
/// <c>--auth-token</c> option, else <c>Plivo__AuthToken</c> in the nearest <c>local.settings.json</c> (this
/// folder or one above it), else the <c>PLIVO_AUTH_TOKEN</c> environment variable.
/// </summary>
public static class AuthToken
{
    public const string EnvironmentVariable = "PLIVO_AUTH_TOKEN";
    public const string LocalSettingsFile = "local.settings.json";
    public const string LocalSettingsName = "Plivo__AuthToken";

    public const string Missing =
        $"No Plivo auth token: pass --auth-token, set {LocalSettingsName} in {LocalSettingsFile}, or set {EnvironmentVariable}.";

    /// <summary>The token, or the one-line reason there is none.</summary>
    public static (string? Token, string? Error) Resolve(string? option, string currentFolder, Func<string, string?> environment)
    {
        if (option is { Length: > 0 })
        {
            return (option, null);
        }
        try
        {
            if (FromLocalSettings(currentFolder) is { Length: > 0 } configured)
            {
                return (configured, null);
            }
        }
        catch (JsonException e)
        {
            return (null, $"{LocalSettingsFile} is not valid JSON: {e.Message}");
        }
        return environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? (fromEnvironment, null) : (null, Missing);
    }

    /// <summary><c>Values.Plivo__AuthToken</c> of the nearest local.settings.json, or null.</summary>
    private static string? FromLocalSettings(string currentFolder)
    {
        for (var folder = new DirectoryInfo(currentFolder); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, LocalSettingsFile);
            if (File.Exists(path))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(path));
                return json.RootElement.TryGetProperty("Values", out var values)
                    && values.ValueKind == JsonValueKind.Object
                    && values.TryGetProperty(LocalSettingsName, out var value)
                    && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
        }
        return null;
    }
}
