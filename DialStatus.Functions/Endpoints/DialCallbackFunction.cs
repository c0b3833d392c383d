using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>The Dial callbackUrl: live B-leg events (answer, connected, digits, hangup).</summary>
public sealed class DialCallbackFunction(WebhookPipeline pipeline, DialEventHandler handler)
{
    public const string Name = "DialCallback";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = DialPlan.CallbackRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunSignedAsync(request, Name, handler.HandleAsync, cancellationToken);
}
