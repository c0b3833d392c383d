using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>Erases one call on request: every record and day-index entry; 204, or 404 for an unknown call.</summary>
public sealed class EraseCallFunction(WebhookPipeline pipeline, CallErasure erasure)
{
    public const string Name = "EraseCall";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "dialstatus/calls/{callUuid}")] HttpRequest request,
        string callUuid,
        CancellationToken cancellationToken) =>
        pipeline.RunReadAsync(callUuid, Name, () => erasure.EraseAsync(callUuid, cancellationToken));
}
