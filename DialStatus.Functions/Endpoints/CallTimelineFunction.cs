using DialStatus.Functions.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>One call's timeline as JSON: every record, in the order it happened.</summary>
public sealed class CallTimelineFunction(WebhookPipeline pipeline, CallTimelineReader timeline)
{
    public const string Name = "CallTimelineReader";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dialstatus/calls/{callUuid}")] HttpRequest request,
        string callUuid,
        CancellationToken cancellationToken) =>
        pipeline.RunReadAsync(callUuid, Name, () => timeline.ReadJsonAsync(callUuid, cancellationToken));
}
