using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>The Dial action URL: stores the Dial's outcome and returns the XML that carries the call on.</summary>
public sealed class DialActionFunction(WebhookPipeline pipeline, DialActionHandler handler)
{
    public const string Name = "DialAction";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = DialPlan.ActionRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunSignedAsync(request, Name, handler.HandleAsync, cancellationToken);
}
