using DialStatus.Functions.Calls;
using DialStatus.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>One call's timeline as an HTML page: the timeline endpoint's read, drawn for a person.</summary>
public sealed class DashboardCallFunction(WebhookPipeline pipeline, CallTimelineReader timeline)
{
    public const string Name = "DashboardCall";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dialstatus/dashboard/calls/{callUuid}")] HttpRequest request,
        string callUuid,
        CancellationToken cancellationToken) =>
        pipeline.RunReadAsync(callUuid, Name, () =>
            CallPage.ReadAsync(timeline, callUuid, PageLinks.FromCallPage(request), cancellationToken));
}
