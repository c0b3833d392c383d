using DialStatus.Functions.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// This app's URLs as Plivo sees them: <c>DialStatus:PublicBaseUrl</c> when set (behind proxies,
/// tunnels and custom domains the request's own host is not what Plivo called), else the request's URL.
/// </summary>
public sealed class PublicUrl(IOptions<DialStatusOptions> options)
{
    /// <summary>The Functions host's default route prefix (host.json leaves it unchanged).</summary>
    public const string RoutePrefix = "/api";

    private readonly string? _configuredBase = options.Value.PublicBaseUrl?.TrimEnd('/');

    /// <summary>
    /// <c>scheme://host[:port]</c>, with any path base the request came through; a 400 when the request's own Host
    /// (used when no public base URL is set) cannot form a URL, such as a port beyond 65535.
    /// </summary>
    public Result<string> BaseOf(HttpRequest request)
    {
        var origin = _configuredBase ?? $"{request.Scheme}://{request.Host.Value}";
        if (_configuredBase is null && !IsOrigin(origin))
        {
            return Outcome.BadRequest(
                $"The request's Host header cannot form this app's URL; set DialStatus:PublicBaseUrl (DialStatus__PublicBaseUrl) to the URL Plivo calls.");
        }
        return origin + request.PathBase.ToUriComponent();
    }

    /// <summary>Whether <paramref name="origin"/> is exactly an http(s) <c>scheme://host[:port]</c> with a port that exists.</summary>
    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && !origin.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>What follows the base URL in the URL Plivo called: the route's path and the raw query.</summary>
    public static string PathAndQueryOf(HttpRequest request) => request.Path.ToUriComponent() + request.QueryString.Value;
}
