using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Endpoints;

/// <summary>
/// The steps every endpoint shares: read and authenticate the request, run the endpoint's handler, log how
/// the request ended, and turn its <see cref="Outcome"/> into the HTTP reply.
/// </summary>
public sealed class WebhookPipeline(PlivoWebhookReader reader, ILogger<WebhookPipeline> logger)
{
    /// <summary>The handler of one webhook endpoint.</summary>
    public delegate Task<Outcome> Handler(PlivoWebhookRequest request, CancellationToken cancellationToken);

    /// <summary>For URLs Plivo calls and signs.</summary>
    public Task<IActionResult> RunSignedAsync(HttpRequest request, string endpoint, Handler handler, CancellationToken cancellationToken) =>
        RunAsync(reader.ReadSignedAsync(request, cancellationToken), endpoint, handler, cancellationToken);

    /// <summary>For URLs protected by a function key instead of a Plivo signature.</summary>
    public Task<IActionResult> RunUnsignedAsync(HttpRequest request, string endpoint, Handler handler, CancellationToken cancellationToken) =>
        RunAsync(reader.ReadUnsignedAsync(request, cancellationToken), endpoint, handler, cancellationToken);

    /// <summary>For the endpoints a function key guards that read no Plivo request (timeline, report, dashboard pages, erasure).</summary>
    public async Task<IActionResult> RunReadAsync(string? callUuid, string endpoint, Func<Task<Outcome>> read)
    {
        Outcome outcome;
        try
        {
            outcome = await read();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new Outcome.Failed(e);
        }
        return Reply(endpoint, callUuid, outcome);
    }

    private async Task<IActionResult> RunAsync(Task<Result<PlivoWebhookRequest>> reading, string endpoint, Handler handler, CancellationToken cancellationToken)
    {
        string? callUuid = null;
        Outcome outcome;
        try
        {
            if ((await reading).TryGet(out var request, out var refused))
            {
                callUuid = request.ALegUuid;
                outcome = await handler(request, cancellationToken);
            }
            else
            {
                outcome = refused;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away while the body was still arriving.
            outcome = new Outcome.Aborted();
        }
        catch (Exception e)
        {
            // A bug, not the request: it is logged in full here, and the caller learns nothing of the app's insides.
            outcome = new Outcome.Failed(e);
        }
        return Reply(endpoint, callUuid, outcome);
    }

    private IActionResult Reply(string endpoint, string? callUuid, Outcome outcome)
    {
        // A refusal told as a page is logged like the refusal it tells.
        switch (outcome is Outcome.RefusedPage page ? page.Refusal : outcome)
        {
            case Outcome.Refused { Reason: Refusal.Forbidden } refused:
                Log.SignatureRejected(logger, endpoint, refused.Message);
                break;
            case Outcome.Refused { Reason: Refusal.StorageRefused } refused:
                Log.StorageRejected(logger, callUuid, endpoint, HttpReplies.StatusCodeOf(refused.Reason), refused.Message);
                break;
            case Outcome.Refused refused:
                Log.RequestRefused(logger, endpoint, HttpReplies.StatusCodeOf(refused.Reason), refused.Message);
                break;
            case Outcome.StorageUnavailable unavailable:
                Log.StorageUnavailable(logger, unavailable.Cause, callUuid, endpoint, unavailable.Reason);
                break;
            case Outcome.Aborted:
                Log.RequestAborted(logger, callUuid, endpoint);
                break;
            case Outcome.Failed failed:
                Log.UnexpectedFailure(logger, failed.Cause, callUuid, endpoint);
                break;
        }
        return HttpReplies.From(outcome);
    }
}
