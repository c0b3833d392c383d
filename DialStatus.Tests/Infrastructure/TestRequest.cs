using System.Net.Http.Headers;
using System.Text;
using DialStatus.Functions.Plivo;
using Microsoft.AspNetCore.Http;

namespace DialStatus.Tests.Infrastructure;

/// <summary>An HTTP request as Plivo would send it, signed with the test auth token unless told otherwise.</summary>
public sealed record TestRequest
{
    public string Method { get; init; } = "POST";

    /// <summary>Path and query, e.g. <c>/api/dialstatus/action?attempt=2</c>.</summary>
    public required string PathAndQuery { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Form { get; init; } = [];

    /// <summary>Overrides the form-encoded body (and its content type) when set.</summary>
    public byte[]? RawBody { get; init; }

    public string? ContentType { get; init; } = "application/x-www-form-urlencoded";

    /// <summary>The token to sign with; null sends no signature headers at all.</summary>
    public string? SigningToken { get; init; } = TestApp.AuthToken;

    /// <summary>The URL the signature is computed over; defaults to the public base URL plus the path.</summary>
    public string? SignedUrl { get; init; }

    /// <summary>The Host header the request arrives with (what the app sees when PublicBaseUrl is unset).</summary>
    public string Host { get; init; } = "dialstatus.example.net";

    public string Scheme { get; init; } = "https";

    public string Nonce { get; init; } = "12345678901234567890";

    public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>False sends the body without a Content-Length, as a chunked request arrives.</summary>
    public bool SendContentLength { get; init; } = true;

    public static TestRequest Post(string pathAndQuery, params (string Name, string Value)[] form) =>
        new() { PathAndQuery = pathAndQuery, Form = [.. form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))] };

    public static TestRequest Get(string pathAndQuery) => new() { Method = "GET", PathAndQuery = pathAndQuery, ContentType = null };

    public byte[] Body => RawBody ?? (Method == "POST" ? Encoding.UTF8.GetBytes(EncodeForm(Form)) : []);

    public static string EncodeForm(IEnumerable<KeyValuePair<string, string>> form) =>
        string.Join('&', form.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>The extra headers plus, when signing, Plivo's signature and nonce.</summary>
    public IEnumerable<KeyValuePair<string, string>> AllHeaders()
    {
        foreach (var header in Headers)
        {
            yield return header;
        }
        if (SigningToken is not null)
        {
            var url = SignedUrl ?? TestApp.PublicBaseUrl + PathAndQuery;
            // Plivo signs only GET and POST; a request with another method is signed as the POST it pretends to be.
            var signedMethod = Method == "GET" ? "GET" : "POST";
            yield return new(PlivoSignatureV3.SignatureHeader, PlivoSignatureV3.ComputeSignature(signedMethod, url, signedMethod == "POST" ? Form : [], Nonce, SigningToken));
            yield return new(PlivoSignatureV3.NonceHeader, Nonce);
        }
    }

    /// <summary>The request as an HTTP client sends it, to a URL relative to the client's base address.</summary>
    public HttpRequestMessage ToHttpRequestMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Method != "GET")
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }
        foreach (var (name, value) in AllHeaders())
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    internal HttpContext ToHttpContext(IServiceProvider services)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        var request = context.Request;
        request.Method = Method;
        request.Scheme = Scheme;
        request.Host = new HostString(Host);
        var question = PathAndQuery.IndexOf('?');
        request.Path = question < 0 ? PathAndQuery : PathAndQuery[..question];
        request.QueryString = question < 0 ? QueryString.Empty : new QueryString(PathAndQuery[question..]);
        var body = Body;
        request.Body = new MemoryStream(body);
        request.ContentLength = SendContentLength ? body.Length : null;
        if (ContentType is not null)
        {
            request.ContentType = ContentType;
        }
        foreach (var (name, value) in AllHeaders())
        {
            request.Headers[name] = value;
        }
        context.Response.Body = new MemoryStream();
        return context;
    }
}
