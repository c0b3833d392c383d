using System.Buffers;
using System.Text;
using System.Text.Json;
using DialStatus.Functions.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// Reads a webhook request into its parameters and checks its signature before anything else sees it:
/// only GET and POST, a url-encoded form of at most 64 KB, repeated and case-differing names kept.
/// </summary>
public sealed class PlivoWebhookReader(PublicUrl publicUrl, PlivoSignatureValidator signatures, TimeProvider time)
{
    public const int MaxBodyBytes = 64 * 1024;

    private const string FormMediaType = "application/x-www-form-urlencoded";
    private const string JsonMediaType = "application/json";

    /// <summary>Reads a request Plivo signed.</summary>
    public Task<Result<PlivoWebhookRequest>> ReadSignedAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadAsync(request, signed: true, acceptJson: false, cancellationToken);

    /// <summary>
    /// Reads a request that is authorised another way (a function key), such as a PHLO HTTP Request
    /// node's, which may also send its fields as a flat JSON object.
    /// </summary>
    public Task<Result<PlivoWebhookRequest>> ReadUnsignedAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadAsync(request, signed: false, acceptJson: true, cancellationToken);

    private async Task<Result<PlivoWebhookRequest>> ReadAsync(
        HttpRequest request, bool signed, bool acceptJson, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var method = request.Method;
        if (method != HttpMethods.Get && method != HttpMethods.Post)
        {
            return new Outcome.Refused(Refusal.MethodNotAllowed, $"Method {method} is not allowed: Plivo sends GET or POST.");
        }

        var query = PlivoParameters.ParseUrlEncoded(request.QueryString.Value);
        var form = PlivoParameters.Empty;
        if (method == HttpMethods.Post)
        {
            if (!(await ReadBodyAsync(request, acceptJson, cancellationToken)).TryGet(out form, out var refused))
            {
                return refused;
            }
        }

        if (!publicUrl.BaseOf(request).TryGet(out var baseUrl, out var refusedHost))
        {
            return refusedHost;
        }
        var url = baseUrl + PublicUrl.PathAndQueryOf(request);
        // The form joined as V3 signs it, once: the signature check hashes it and the re-split checks search it.
        var body = !signed ? null : method == HttpMethods.Post ? new SignedFields(form) : SignedFields.Empty;
        var signature = body is null ? SignatureCheck.NotChecked : signatures.Check(request.Headers, method, url, body);
        switch (signature)
        {
            case SignatureCheck.MissingHeaders:
                return new Outcome.Refused(Refusal.Forbidden, $"Missing {PlivoSignatureV3.SignatureHeader} or {PlivoSignatureV3.NonceHeader} header.");
            case SignatureCheck.MalformedNonce:
                return Outcome.BadRequest($"The {PlivoSignatureV3.NonceHeader} header must be 1 to {PlivoSignatureValidator.MaxNonceLength} ASCII letters and digits, as Plivo sends it: a nonce cannot take text from the signed values. Nothing was stored.");
            case SignatureCheck.Mismatch:
                return new Outcome.Refused(Refusal.Forbidden, SignatureMismatch(baseUrl + request.Path.ToUriComponent()));
        }
        if (body is not null && CheckSplit(method, query, body) is { } refusedSplit)
        {
            return refusedSplit;
        }
        return new PlivoWebhookRequest(method, query, form, baseUrl, receivedAt);
    }

    /// <summary>
    /// What a person needs to fix a signature that does not match: the URL it was checked against (without the query,
    /// which may carry a GET callback's phone numbers) and the two usual causes. Never the token or the signatures.
    /// </summary>
    private static string SignatureMismatch(string checkedUrl) =>
        $"The {PlivoSignatureV3.SignatureHeader} signature does not match this request as checked against {checkedUrl} (and its query). " +
        $"Usually {PlivoOptions.AuthTokenSetting} is not the auth token of the Plivo account that owns the application, or Plivo called " +
        $"another URL: set {SettingsSection.Name(DialStatusOptions.Section, nameof(DialStatusOptions.PublicBaseUrl))} to the scheme, host and port Plivo calls.";

    /// <summary>
    /// A signed request can be re-split under its signature (docs/security.md): its query must keep its pairs apart,
    /// and the fields that key or classify a record must have Plivo's shape. A POST body is signed without
    /// separators, so its fields are also searched for a re-split; a GET's fields are its query, signed with them.
    /// </summary>
    private static Outcome? CheckSplit(string method, PlivoParameters query, SignedFields body) =>
        SignedQuery.Check(query).Ended
        ?? (method == HttpMethods.Post ? FieldShapes.CheckSignedBody(body).Ended : FieldShapes.CheckShapes(query));

    private static async Task<Result<PlivoParameters>> ReadBodyAsync(HttpRequest request, bool acceptJson, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            ? contentType.MediaType.Value
            : null;
        var isForm = string.Equals(mediaType, FormMediaType, StringComparison.OrdinalIgnoreCase);
        var isJson = acceptJson && string.Equals(mediaType, JsonMediaType, StringComparison.OrdinalIgnoreCase);

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length + 1 : 4096);
        try
        {
            var size = 0;
            while (true)
            {
                if (size == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, size).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                if (!(await ReadSomeAsync(request.Body, buffer.AsMemory(size, Math.Min(buffer.Length, MaxBodyBytes + 1) - size), cancellationToken))
                    .TryGet(out var read, out var unfinished))
                {
                    return unfinished;
                }
                if (read == 0)
                {
                    break;
                }
                size += read;
                if (size > MaxBodyBytes)
                {
                    return TooLarge();
                }
            }

            if (size == 0 && mediaType is null)
            {
                return PlivoParameters.Empty;
            }
            if (isJson)
            {
                return ParseJsonObject(buffer.AsSpan(0, size));
            }
            if (!isForm)
            {
                var accepted = acceptJson ? $"{FormMediaType} or {JsonMediaType}" : FormMediaType;
                return new Outcome.Refused(Refusal.UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported: send {accepted}.");
            }
            return ParseForm(buffer.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// One read of the body. A body the client did not finish sending is the client's fault, not the app's: the
    /// server gave up waiting (408), the body ended short of its Content-Length (400), or the connection went.
    /// </summary>
    private static async Task<Result<int>> ReadSomeAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            return e.StatusCode == StatusCodes.Status408RequestTimeout
                ? new Outcome.Refused(Refusal.RequestTimeout, "The body arrived too slowly and the server stopped waiting for it. Nothing was stored.")
                : Outcome.BadRequest("The body ended before it was whole. Nothing was stored.");
        }
        catch (IOException)
        {
            // The connection was reset while the body was arriving: the caller is gone.
            return new Outcome.Aborted();
        }
    }

    /// <summary>The form as text in a pooled buffer: only its names and values become strings.</summary>
    private static PlivoParameters ParseForm(ReadOnlySpan<byte> utf8)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, chars);
            return PlivoParameters.ParseUrlEncoded(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>A flat JSON object: strings kept as sent, numbers and booleans as their JSON text, arrays as repeated fields.</summary>
    private static Result<PlivoParameters> ParseJsonObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Outcome.BadRequest("The JSON body must be an object of field names to values.");
            }
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var values = property.Value.ValueKind == JsonValueKind.Array ? [.. property.Value.EnumerateArray()] : new[] { property.Value };
                foreach (var value in values)
                {
                    switch (value.ValueKind)
                    {
                        case JsonValueKind.String:
                            pairs.Add(new(property.Name, value.GetString()!));
                            break;
                        case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                            pairs.Add(new(property.Name, value.GetRawText()));
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            return Outcome.BadRequest($"Field '{property.Name}' must be a string, number or boolean.");
                    }
                }
            }
            return new PlivoParameters(pairs);
        }
        catch (JsonException e)
        {
            return Outcome.BadRequest($"The body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape half a surrogate pair (e.g. "\ud83d" alone).
            return Outcome.BadRequest("The JSON body holds text that is not valid Unicode (half a surrogate pair).");
        }
    }

    private static Outcome.Refused TooLarge() =>
        new(Refusal.TooLarge, $"The body is larger than {MaxBodyBytes / 1024} KB.");
}
