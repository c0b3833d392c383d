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

    /// <summary><c>scheme://host[:port]</c>, with any path base the request came through.</summary>
    public string BaseOf(HttpRequest request) =>
        (_configuredBase ?? $"{request.Scheme}://{request.Host.Value}") + request.PathBase.ToUriComponent();

    /// <summary>What follows the base URL in the URL Plivo called: the route's path and the raw query.</summary>
    public static string PathAndQueryOf(HttpRequest request) => request.Path.ToUriComponent() + request.QueryString.Value;
}
