using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>Plivo's answer URL: returns the Dial XML (and records hangup posts that arrive here).</summary>
public sealed class AnswerFunction(WebhookPipeline pipeline, AnswerHandler handler)
{
    public const string Name = "Answer";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "dialstatus")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunSignedAsync(request, Name, handler.HandleAnswerAsync, cancellationToken);
}
