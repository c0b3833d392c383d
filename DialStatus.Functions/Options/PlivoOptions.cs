namespace DialStatus.Functions.Options;

/// <summary>Settings under <c>Plivo:</c>.</summary>
public sealed class PlivoOptions
{
    public const string Section = "Plivo";

    /// <summary>The configuration key that also supplies the auth token (Plivo's SDK convention).</summary>
    public const string AuthTokenEnvironmentVariable = "PLIVO_AUTH_TOKEN";

    /// <summary>The Plivo account's (or subaccount's) auth token: the HMAC key of webhook signatures.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Check <c>X-Plivo-Signature-V3</c> on every Plivo-facing endpoint. Turn off only for local experiments.</summary>
    public bool ValidateSignatures { get; set; } = true;

    /// <summary>Where these options were read from: what could not be read, and what was trimmed.</summary>
    internal SettingsSection? Source { get; private set; }

    /// <summary>How errors name the token setting: it may come from either key.</summary>
    internal static string AuthTokenSetting => $"{SettingsSection.Name(Section, nameof(AuthToken))} or {AuthTokenEnvironmentVariable}";

    internal static void ReadFrom(SettingsSection settings, string? environmentToken, PlivoOptions options)
    {
        options.Source = settings;
        // A token pasted with a line break (a common Key Vault paste) would fail every signature: it is trimmed.
        options.AuthToken = settings.Text(nameof(AuthToken)) ?? settings.Trim(environmentToken, AuthTokenEnvironmentVariable);
        options.ValidateSignatures = settings.Flag(nameof(ValidateSignatures)) ?? options.ValidateSignatures;
    }
}
