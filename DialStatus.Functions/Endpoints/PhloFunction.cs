using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>
/// A PHLO HTTP Request node's post of its Call Forward node's dial status (query, form or JSON). PHLO
/// does not sign its requests, so a function key guards this route instead.
/// </summary>
public sealed class PhloFunction(WebhookPipeline pipeline, PhloHandler handler)
{
    public const string Name = "Phlo";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "dialstatus/phlo")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunUnsignedAsync(request, Name, handler.HandleAsync, cancellationToken);
}
