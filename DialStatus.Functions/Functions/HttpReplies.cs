using System.Globalization;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Plivo;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DialStatus.Functions.Functions;

/// <summary>How outcomes become HTTP responses, the same way for every endpoint.</summary>
internal static class HttpReplies
{
    public const string XmlContentType = "application/xml; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string TextContentType = "text/plain; charset=utf-8";
    public const int RetryAfterSeconds = 5;

    public static IActionResult From(CallbackOutcome outcome) =>
        outcome.Rejection is { } rejection ? Refusal(rejection) : Xml(outcome.Xml!);

    public static IActionResult Xml(string xml) =>
        new ContentResult { Content = xml, ContentType = XmlContentType, StatusCode = StatusCodes.Status200OK };

    public static IActionResult Json(string json) =>
        new ContentResult { Content = json, ContentType = JsonContentType, StatusCode = StatusCodes.Status200OK };

    public static IActionResult Refusal(WebhookRejection rejection) =>
        new ContentResult { Content = rejection.Message, ContentType = TextContentType, StatusCode = rejection.StatusCode };

    /// <summary>503 with Retry-After: the callback URLs carry a retry fragment that makes Plivo try again.</summary>
    public static IActionResult StorageUnavailable() => new ServiceUnavailableResult();

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
