using DialStatus.Functions.Calls;
using DialStatus.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>A UTC day as an HTML page: the report endpoint's reads, drawn for a person. <c>?date=YYYY-MM-DD</c>, today by default.</summary>
public sealed class DashboardFunction(WebhookPipeline pipeline, DailyReport report, TimeProvider time)
{
    public const string Name = "Dashboard";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dialstatus/dashboard")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunReadAsync(null, Name, () =>
            DayPage.ReadAsync(report, DayQuery.Read(request, time), PageLinks.FromDayPage(request), cancellationToken));
}
