using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DialStatus.Functions.Plivo;

namespace DialStatus.Cli.Simulation;

/// <summary>A reply: its status, and its body as text.</summary>
public sealed record Reply(int Status, string Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>How a problem names the reply: the status and the first line of the body.</summary>
    public string Summary
    {
        get
        {
            var firstLine = Body.AsSpan().Trim();
            if (firstLine.IndexOfAny('\r', '\n') is >= 0 and var end)
            {
                firstLine = firstLine[..end];
            }
            return firstLine.IsEmpty ? $"{Status}" : $"{Status}: {firstLine}";
        }
    }
}

/// <summary>
/// Talks to the app the way Plivo and a PHLO do: form posts signed with the app's own V3 code over the
/// exact URL sent, PHLO posts as JSON with the function key, and reads with the function key.
/// </summary>
public sealed class PlivoClient(HttpClient http, string authToken, string? functionKey)
{
    private const string FunctionKeyHeader = "x-functions-key";

    /// <summary>A random 20-digit nonce, as Plivo's examples show.</summary>
    public static string NewNonce() => RandomNumberGenerator.GetString("0123456789", 20);

    /// <summary>A form POST to <paramref name="url"/> (no fragment), signed as Plivo signs it.</summary>
    public async Task<Reply> PostSignedFormAsync(string url, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var nonce = NewNonce();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(EncodeForm(fields), Encoding.UTF8, new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
        };
        request.Headers.Add(PlivoSignatureV3.SignatureHeader, PlivoSignatureV3.ComputeSignature("POST", url, fields, nonce, authToken));
        request.Headers.Add(PlivoSignatureV3.NonceHeader, nonce);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>A PHLO HTTP Request node's POST: a flat JSON object, unsigned (PHLO does not sign); the function key guards the route.</summary>
    public async Task<Reply> PostPhloJsonAsync(string url, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Value));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        AddFunctionKey(request);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary>A GET of a read endpoint (timeline, report).</summary>
    public async Task<Reply> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        AddFunctionKey(request);
        return await SendAsync(request, cancellationToken);
    }

    /// <summary><c>application/x-www-form-urlencoded</c>, every name and value percent-encoded.</summary>
    public static string EncodeForm(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private void AddFunctionKey(HttpRequestMessage request)
    {
        if (functionKey is not null)
        {
            request.Headers.Add(FunctionKeyHeader, functionKey);
        }
    }

    /// <exception cref="HttpRequestException">No reply: the app could not be reached, or did not answer in time.</exception>
    private async Task<Reply> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"{request.Method} {request.RequestUri} got no reply within {http.Timeout.TotalSeconds:0} s.", e);
        }
    }
}
