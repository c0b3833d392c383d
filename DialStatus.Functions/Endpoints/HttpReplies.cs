using System.Diagnostics;
using System.Globalization;
using DialStatus.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DialStatus.Functions.Endpoints;

/// <summary>How an <see cref="Outcome"/> becomes an HTTP response, the same way for every endpoint.</summary>
internal static class HttpReplies
{
    public const string XmlContentType = "application/xml; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string TextContentType = "text/plain; charset=utf-8";
    public const string HtmlContentType = "text/html; charset=utf-8";
    public const int RetryAfterSeconds = 5;

    public static IActionResult From(Outcome outcome) => outcome switch
    {
        Outcome.Xml xml => Content(xml.Document, XmlContentType, StatusCodes.Status200OK),
        Outcome.Json json => Content(json.Document, JsonContentType, StatusCodes.Status200OK),
        Outcome.Page page => new PageResult(page.Html, StatusCodes.Status200OK),
        Outcome.Erased => new NoContentResult(),
        Outcome.RefusedPage refused => new PageResult(refused.Html, StatusCodeOf(refused.Refusal.Reason)),
        Outcome.Refused refused => Content(refused.Message, TextContentType, StatusCodeOf(refused.Reason)),
        // 503 with Retry-After: the callback URLs carry a retry fragment that makes Plivo try again.
        Outcome.StorageUnavailable or Outcome.Aborted => new ServiceUnavailableResult(),
        Outcome.Failed => Content("The app failed to handle this request; the failure is logged.", TextContentType, StatusCodes.Status500InternalServerError),
        _ => throw new UnreachableException($"Outcome {outcome.GetType().Name} has no reply."),
    };

    public static int StatusCodeOf(Refusal reason) => reason switch
    {
        Refusal.BadRequest or Refusal.StorageRefused => StatusCodes.Status400BadRequest,
        Refusal.Forbidden => StatusCodes.Status403Forbidden,
        Refusal.NotFound => StatusCodes.Status404NotFound,
        Refusal.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        Refusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        Refusal.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        Refusal.RequestTimeout => StatusCodes.Status408RequestTimeout,
        Refusal.Conflict => StatusCodes.Status409Conflict,
        _ => throw new UnreachableException($"Refusal {reason} has no status code."),
    };

    private static ContentResult Content(string content, string contentType, int statusCode) =>
        new() { Content = content, ContentType = contentType, StatusCode = statusCode };

    /// <summary>
    /// An HTML page with the headers that keep it inert: the policy allows nothing but the page's own style
    /// sheet (no script, no fetch, no framing, no form posting elsewhere), the browser may not guess another
    /// type, no Referer carries the function key in the page's URL away, and no cache keeps the phone numbers.
    /// </summary>
    private sealed class PageResult(string html, int statusCode) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = HtmlContentType;
            response.Headers.ContentSecurityPolicy = PageStyle.ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html);
        }
    }

    private sealed class ServiceUnavailableResult : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            response.ContentType = TextContentType;
            return response.WriteAsync("Storage is unavailable; the status was not stored. Retry later.");
        }
    }
}
