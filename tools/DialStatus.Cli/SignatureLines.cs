using DialStatus.Functions.Plivo;

namespace DialStatus.Cli;

/// <summary>The <c>sign</c> command's output: the two headers Plivo would send, as header lines to paste or pipe.</summary>
public static class SignatureLines
{
    /// <summary>
    /// Signs <paramref name="method"/> <paramref name="url"/> (any <c>#</c> fragment is not signed, as Plivo
    /// never sends it) with the form <paramref name="body"/> of a POST, with the app's own V3 code.
    /// </summary>
    public static string[] Create(string method, string url, string? body, string authToken, string nonce)
    {
        var form = method == "POST" ? PlivoParameters.ParseUrlEncoded(body) : PlivoParameters.Empty;
        return
        [
            $"{PlivoSignatureV3.SignatureHeader}: {PlivoSignatureV3.ComputeSignature(method, url, form, nonce, authToken)}",
            $"{PlivoSignatureV3.NonceHeader}: {nonce}",
        ];
    }
}
