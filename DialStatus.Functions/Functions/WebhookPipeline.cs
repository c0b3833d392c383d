using DialStatus.Functions.Calls;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Functions;

/// <summary>
/// The steps every webhook endpoint shares: read and authenticate the request, run the endpoint's
/// handler, and turn its outcome (or a storage failure) into the HTTP reply.
/// </summary>
public sealed class WebhookPipeline(PlivoWebhookReader reader, PublicUrl publicUrl, ILogger<WebhookPipeline> logger)
{
    /// <summary>The handler of one endpoint: the verified request, this app's public base URL, cancellation.</summary>
    public delegate Task<CallbackOutcome> Handler(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken);

    /// <summary>For URLs Plivo calls and signs.</summary>
    public async Task<IActionResult> RunSignedAsync(HttpRequest request, string endpoint, Handler handler, CancellationToken cancellationToken)
    {
        var (webhook, rejection) = await reader.ReadSignedAsync(request, cancellationToken);
        return await RunAsync(request, endpoint, webhook, rejection, handler, cancellationToken);
    }

    /// <summary>For URLs protected by a function key instead of a Plivo signature.</summary>
    public async Task<IActionResult> RunUnsignedAsync(HttpRequest request, string endpoint, Handler handler, CancellationToken cancellationToken)
    {
        var (webhook, rejection) = await reader.ReadUnsignedAsync(request, cancellationToken);
        return await RunAsync(request, endpoint, webhook, rejection, handler, cancellationToken);
    }

    private async Task<IActionResult> RunAsync(
        HttpRequest request, string endpoint, PlivoWebhookRequest? webhook, WebhookRejection? rejection,
        Handler handler, CancellationToken cancellationToken)
    {
        if (rejection is not null)
        {
            return Refuse(endpoint, rejection);
        }
        try
        {
            var outcome = await handler(webhook!, publicUrl.BaseOf(request), cancellationToken);
            return outcome.Rejection is { } refusal ? Refuse(endpoint, refusal) : HttpReplies.From(outcome);
        }
        catch (StorageRejectedException e)
        {
            Log.StorageRejected(logger, e, webhook!.ALegUuid, endpoint, StatusCodes.Status400BadRequest, e.Message);
            return HttpReplies.Refusal(WebhookRejection.BadRequest($"{e.Message} Nothing was stored."));
        }
        catch (Exception e) when (e is StorageUnavailableException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return Unavailable(webhook!.ALegUuid, endpoint, e);
        }
    }

    /// <summary>For the read endpoints (timeline, report): storage failures become 503, logged like a webhook's.</summary>
    public async Task<IActionResult> RunReadAsync(string? callUuid, string endpoint, Func<Task<IActionResult>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is StorageUnavailableException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return Unavailable(callUuid, endpoint, e);
        }
    }

    private IActionResult Unavailable(string? callUuid, string endpoint, Exception e)
    {
        if (e is StorageUnavailableException)
        {
            Log.StorageUnavailable(logger, e, callUuid, endpoint, e.Message);
        }
        else
        {
            Log.RequestAborted(logger, callUuid, endpoint);
        }
        return HttpReplies.StorageUnavailable();
    }

    private IActionResult Refuse(string endpoint, WebhookRejection rejection)
    {
        if (rejection.StatusCode == StatusCodes.Status403Forbidden)
        {
            Log.SignatureRejected(logger, endpoint, rejection.Message);
        }
        else
        {
            Log.RequestRefused(logger, endpoint, rejection.StatusCode, rejection.Message);
        }
        return HttpReplies.Refusal(rejection);
    }
}
