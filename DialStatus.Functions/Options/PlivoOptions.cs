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
}
