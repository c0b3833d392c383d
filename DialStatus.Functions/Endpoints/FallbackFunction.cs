using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>The fallback answer URL: still connects the caller, and records that the fallback was used.</summary>
public sealed class FallbackFunction(WebhookPipeline pipeline, AnswerHandler handler)
{
    public const string Name = "Fallback";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "dialstatus/fallback")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunSignedAsync(request, Name, handler.HandleFallbackAsync, cancellationToken);
}
