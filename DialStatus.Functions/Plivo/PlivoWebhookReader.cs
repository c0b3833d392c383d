using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// Reads a webhook request into its parameters and checks its signature before anything else sees it:
/// only GET and POST, a url-encoded form of at most 64 KB, repeated and case-differing names kept.
/// </summary>
public sealed class PlivoWebhookReader(PublicUrl publicUrl, PlivoSignatureValidator signatures)
{
    public const int MaxBodyBytes = 64 * 1024;

    private const string FormMediaType = "application/x-www-form-urlencoded";
    private const string JsonMediaType = "application/json";

    /// <summary>Reads a request Plivo signed.</summary>
    public Task<(PlivoWebhookRequest? Request, WebhookRejection? Rejection)> ReadSignedAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadAsync(request, signed: true, acceptJson: false, cancellationToken);

    /// <summary>
    /// Reads a request that is authorised another way (a function key), such as a PHLO HTTP Request
    /// node's, which may also send its fields as a flat JSON object.
    /// </summary>
    public Task<(PlivoWebhookRequest? Request, WebhookRejection? Rejection)> ReadUnsignedAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadAsync(request, signed: false, acceptJson: true, cancellationToken);

    private async Task<(PlivoWebhookRequest?, WebhookRejection?)> ReadAsync(
        HttpRequest request, bool signed, bool acceptJson, CancellationToken cancellationToken)
    {
        var method = request.Method;
        if (method != HttpMethods.Get && method != HttpMethods.Post)
        {
            return (null, new WebhookRejection(StatusCodes.Status405MethodNotAllowed, $"Method {method} is not allowed: Plivo sends GET or POST."));
        }

        var query = PlivoParameters.ParseUrlEncoded(request.QueryString.Value);
        var form = PlivoParameters.Empty;
        if (method == HttpMethods.Post)
        {
            var (body, bodyRejection) = await ReadBodyAsync(request, acceptJson, cancellationToken);
            if (bodyRejection is not null)
            {
                return (null, bodyRejection);
            }
            form = body!;
        }

        var url = publicUrl.Of(request);
        if (signed && signatures.Check(request.Headers, method, url, form) is { } refusal)
        {
            return (null, WebhookRejection.Forbidden(refusal));
        }
        return (new PlivoWebhookRequest(method, query, form), null);
    }

    private static async Task<(PlivoParameters?, WebhookRejection?)> ReadBodyAsync(HttpRequest request, bool acceptJson, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
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
                var read = await request.Body.ReadAsync(buffer.AsMemory(size, Math.Min(buffer.Length, MaxBodyBytes + 1) - size), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                size += read;
                if (size > MaxBodyBytes)
                {
                    return (null, TooLarge());
                }
            }

            if (size == 0 && mediaType is null)
            {
                return (PlivoParameters.Empty, null);
            }
            if (isJson)
            {
                return ParseJsonObject(buffer.AsSpan(0, size));
            }
            if (!isForm)
            {
                var accepted = acceptJson ? $"{FormMediaType} or {JsonMediaType}" : FormMediaType;
                return (null, new WebhookRejection(StatusCodes.Status415UnsupportedMediaType,
                    $"Content-Type '{request.ContentType}' is not supported: send {accepted}."));
            }
            return (ParseForm(buffer.AsSpan(0, size)), null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
    private static (PlivoParameters?, WebhookRejection?) ParseJsonObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, WebhookRejection.BadRequest("The JSON body must be an object of field names to values."));
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
                            return (null, WebhookRejection.BadRequest($"Field '{property.Name}' must be a string, number or boolean."));
                    }
                }
            }
            return (new PlivoParameters(pairs), null);
        }
        catch (JsonException e)
        {
            return (null, WebhookRejection.BadRequest($"The body is not valid JSON: {e.Message}"));
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape half a surrogate pair (e.g. "\ud83d" alone).
            return (null, WebhookRejection.BadRequest("The JSON body holds text that is not valid Unicode (half a surrogate pair)."));
        }
    }

    private static WebhookRejection TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBodyBytes / 1024} KB.");
}
