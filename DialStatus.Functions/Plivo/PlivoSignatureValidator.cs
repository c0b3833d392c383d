using DialStatus.Functions.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Plivo;

/// <summary>What checking a request's signature found.</summary>
public enum SignatureCheck
{
    /// <summary>A signature matches the request.</summary>
    Valid,

    /// <summary>Checking is off (<c>Plivo:ValidateSignatures=false</c>).</summary>
    NotChecked,

    /// <summary>The signature or nonce header is missing.</summary>
    MissingHeaders,

    /// <summary>The nonce has a shape Plivo's nonces do not have.</summary>
    MalformedNonce,

    /// <summary>No signature in the headers matches the request.</summary>
    Mismatch,
}

/// <summary>Checks a request's <c>X-Plivo-Signature-V3</c> against the configured auth token.</summary>
public sealed class PlivoSignatureValidator(IOptions<PlivoOptions> options)
{
    private readonly PlivoOptions _options = options.Value;

    /// <summary>Checks the request's signature headers against <paramref name="body"/>, the form as signed (empty for a GET).</summary>
    internal SignatureCheck Check(IHeaderDictionary headers, string method, string url, SignedFields body)
    {
        if (!_options.ValidateSignatures)
        {
            return SignatureCheck.NotChecked;
        }
        var signature = headers[PlivoSignatureV3.SignatureHeader].ToString();
        var nonce = headers[PlivoSignatureV3.NonceHeader].ToString();
        if (signature.Length == 0 || nonce.Length == 0)
        {
            return SignatureCheck.MissingHeaders;
        }
        if (!IsPlivoNonce(nonce))
        {
            return SignatureCheck.MalformedNonce;
        }

        // With the main account's token configured, a subaccount's requests match only the Ma-V3 header.
        var mainAccountSignature = headers[PlivoSignatureV3.MainAccountSignatureHeader].ToString();
        var valid = Matches(method, url, body, nonce, signature)
            || (mainAccountSignature.Length > 0 && Matches(method, url, body, nonce, mainAccountSignature));
        return valid ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>Longer than any nonce Plivo sends (20 digits): bounds the text a request makes the app sign.</summary>
    public const int MaxNonceLength = 64;

    /// <summary>
    /// ASCII letters and digits: Plivo's nonces are 20 digits (docs/plivo.md §4.1). The nonce closes the signed text
    /// after a '.', so a nonce holding one could take the end of the last value into it under the same signature.
    /// </summary>
    internal static bool IsPlivoNonce(string nonce) =>
        nonce.Length <= MaxNonceLength && nonce.All(char.IsAsciiLetterOrDigit);

    /// <summary>Plivo's SDKs disagree on whether an explicit port is signed, so the URL is accepted either way.</summary>
    private bool Matches(string method, string url, SignedFields body, string nonce, string signatureHeader)
    {
        var token = _options.AuthToken!;
        return PlivoSignatureV3.IsValid(method, url, body, nonce, token, signatureHeader)
            || (WithPortToggled(url) is { } alternative && PlivoSignatureV3.IsValid(method, alternative, body, nonce, token, signatureHeader));
    }

    /// <summary>
    /// The same URL with its explicit port removed, or with the scheme's default port added when it
    /// has none; null when the scheme has no default port.
    /// </summary>
    internal static string? WithPortToggled(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return null;
        }
        var hostStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], hostStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - hostStart);
        if (at >= 0)
        {
            hostStart = at + 1;
        }
        var host = url.AsSpan(hostStart, authorityEnd - hostStart);
        var closingBracket = host.LastIndexOf(']');
        var colon = host.LastIndexOf(':');
        if (colon > closingBracket)
        {
            return string.Concat(url.AsSpan(0, hostStart + colon), url.AsSpan(authorityEnd));
        }
        var scheme = url[..schemeEnd];
        var defaultPort = scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? ":443"
            : scheme.Equals("http", StringComparison.OrdinalIgnoreCase) ? ":80"
            : null;
        return defaultPort is null ? null : string.Concat(url.AsSpan(0, authorityEnd), defaultPort, url.AsSpan(authorityEnd));
    }
}
