using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>The hangup_url: how and why the call ended.</summary>
public sealed class HangupFunction(WebhookPipeline pipeline, CallLifecycleHandler handler)
{
    public const string Name = "Hangup";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "dialstatus/hangup")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunSignedAsync(request, Name, handler.HandleHangupAsync, cancellationToken);
}
