using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// Plivo's V3 webhook signature (<c>X-Plivo-Signature-V3</c>), computed exactly as Plivo's Node SDK
/// (<c>validateV3Signature</c>) does: see docs/plivo.md, the V3 signature.
/// </summary>
internal static class PlivoSignatureV3
{
    public const string SignatureHeader = "X-Plivo-Signature-V3";
    public const string NonceHeader = "X-Plivo-Signature-V3-Nonce";

    /// <summary>The same scheme, always made with the main account's token (for subaccounts' applications).</summary>
    public const string MainAccountSignatureHeader = "X-Plivo-Signature-Ma-V3";

    /// <summary>
    /// True when any comma-separated signature in <paramref name="signatureHeader"/> matches the one
    /// computed from the inputs. <paramref name="url"/> is the full URL Plivo called, query included;
    /// <paramref name="parameters"/> are the POST form fields (for GET, normally none).
    /// </summary>
    public static bool IsValid(
        string method, string url, IReadOnlyList<KeyValuePair<string, string>> parameters,
        string nonce, string authToken, string signatureHeader)
    {
        var (extra, body) = Split(method, parameters);
        return IsValid(method, url, extra, body, nonce, authToken, signatureHeader);
    }

    /// <summary>The same check for a POST whose form is already joined as signed (<paramref name="body"/>), or a GET (<see cref="SignedFields.Empty"/>).</summary>
    public static bool IsValid(string method, string url, SignedFields body, string nonce, string authToken, string signatureHeader) =>
        IsValid(method, url, [], body, nonce, authToken, signatureHeader);

    private static bool IsValid(
        string method, string url, IReadOnlyList<KeyValuePair<string, string>> extra, SignedFields body,
        string nonce, string authToken, string signatureHeader)
    {
        Span<byte> expected = stackalloc byte[SignatureLength];
        WriteSignature(method, url, extra, body, nonce, authToken, expected);

        Span<byte> candidate = stackalloc byte[SignatureLength];
        foreach (var range in signatureHeader.AsSpan().Split(','))
        {
            // Plivo's Node SDK does not trim, but Base64 never contains spaces, so trimming only helps.
            var piece = signatureHeader.AsSpan()[range].Trim();
            if (piece.Length != SignatureLength || !Ascii.IsValid(piece))
            {
                continue;
            }
            Encoding.ASCII.GetBytes(piece, candidate);
            if (CryptographicOperations.FixedTimeEquals(expected, candidate))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Base64(HMAC-SHA256(authToken, signed text)).</summary>
    public static string ComputeSignature(
        string method, string url, IReadOnlyList<KeyValuePair<string, string>> parameters, string nonce, string authToken)
    {
        Span<byte> signature = stackalloc byte[SignatureLength];
        var (extra, body) = Split(method, parameters);
        WriteSignature(method, url, extra, body, nonce, authToken, signature);
        return Encoding.ASCII.GetString(signature);
    }

    /// <summary>The exact text that is fed to the HMAC.</summary>
    public static string BuildSignedText(
        string method, string url, IReadOnlyList<KeyValuePair<string, string>> parameters, string nonce)
    {
        var (extra, body) = Split(method, parameters);
        return string.Concat(SignedHead(method, url, extra, body), body.Text, ".", nonce);
    }

    /// <summary>A GET's parameters join its query; a POST's are its form, joined without separators.</summary>
    private static (IReadOnlyList<KeyValuePair<string, string>> Extra, SignedFields Body) Split(
        string method, IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        method == "GET" ? (parameters, SignedFields.Empty) : ([], new SignedFields(parameters));

    /// <summary>Base64 of a SHA-256 HMAC: 32 bytes make 44 characters.</summary>
    private const int SignatureLength = 44;

    /// <summary>
    /// The signature as Base64 ASCII bytes: HMAC-SHA256 keyed with the token's UTF-8 bytes over the signed text's,
    /// which are written once, straight from its three parts (the form's part is already joined).
    /// </summary>
    private static void WriteSignature(
        string method, string url, IReadOnlyList<KeyValuePair<string, string>> extra, SignedFields body, string nonce, string authToken,
        Span<byte> base64)
    {
        var head = SignedHead(method, url, extra, body);
        var utf8 = Encoding.UTF8;
        var message = new byte[utf8.GetByteCount(head) + utf8.GetByteCount(body.Text) + 1 + utf8.GetByteCount(nonce)];
        var written = utf8.GetBytes(head, message);
        written += utf8.GetBytes(body.Text, message.AsSpan(written));
        message[written++] = (byte)'.';
        utf8.GetBytes(nonce, message.AsSpan(written));
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(utf8.GetBytes(authToken), message, hash);
        Base64.EncodeToUtf8(hash, base64, out _, out _);
    }

    /// <summary>
    /// What the signed text holds before the form's fields: the base URL, <c>?</c> and the sorted query (a POST with
    /// a form writes the <c>?</c> even without a query, and a <c>.</c> after a query). The form's fields and
    /// <c>.{nonce}</c> follow it.
    /// </summary>
    private static string SignedHead(string method, string url, IReadOnlyList<KeyValuePair<string, string>> extra, SignedFields body)
    {
        var isGet = method switch
        {
            "GET" => true,
            "POST" => false,
            _ => throw new ArgumentException($"Plivo signs only GET and POST requests, not '{method}'.", nameof(method)),
        };

        var (baseUrl, rawQuery) = SplitUrl(url);
        var query = SortedPairs(PlivoParameters.ParseUrlEncoded(rawQuery), isGet ? extra : []);
        var withForm = !isGet && body.Sorted.Length > 0;
        if (query.Length == 0)
        {
            return withForm ? baseUrl + "?" : baseUrl;
        }
        var head = new StringBuilder(baseUrl).Append('?');
        AppendJoinedQuery(head, query);
        return (withForm ? head.Append('.') : head).ToString();
    }

    /// <summary>
    /// Splits a URL into <c>scheme://host[:port]path</c>, kept verbatim (port as written, path still
    /// percent-encoded, any <c>user:pass@</c> removed), and its raw query; the fragment is dropped.
    /// </summary>
    internal static (string BaseUrl, string RawQuery) SplitUrl(string url)
    {
        var fragment = url.IndexOf('#');
        if (fragment >= 0)
        {
            url = url[..fragment];
        }
        var question = url.IndexOf('?');
        var left = question < 0 ? url : url[..question];
        var rawQuery = question < 0 ? string.Empty : url[(question + 1)..];

        var schemeEnd = left.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var authorityStart = schemeEnd + 3;
            var pathStart = left.IndexOf('/', authorityStart);
            var authorityEnd = pathStart < 0 ? left.Length : pathStart;
            var at = left.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
            if (at >= 0)
            {
                left = string.Concat(left.AsSpan(0, authorityStart), left.AsSpan(at + 1));
            }
        }
        return (left, rawQuery);
    }

    private static KeyValuePair<string, string>[] SortedPairs(
        IReadOnlyList<KeyValuePair<string, string>> first, IReadOnlyList<KeyValuePair<string, string>> second)
    {
        var pairs = new KeyValuePair<string, string>[first.Count + second.Count];
        for (var i = 0; i < first.Count; i++)
        {
            pairs[i] = first[i];
        }
        for (var i = 0; i < second.Count; i++)
        {
            pairs[first.Count + i] = second[i];
        }
        // Keys, then the values of a repeated key, in ordinal UTF-16 order.
        Array.Sort(pairs, static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        return pairs;
    }

    private static void AppendJoinedQuery(StringBuilder text, KeyValuePair<string, string>[] query)
    {
        for (var i = 0; i < query.Length; i++)
        {
            if (i > 0)
            {
                text.Append('&');
            }
            text.Append(query[i].Key).Append('=').Append(query[i].Value);
        }
    }
}
