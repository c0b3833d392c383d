using DialStatus.Functions.Calls;
using DialStatus.Functions.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Endpoints;

/// <summary>A UTC day's report as JSON: <c>?date=YYYY-MM-DD</c>, today by default.</summary>
public sealed class DailyReportFunction(WebhookPipeline pipeline, DailyReport report, TimeProvider time)
{
    public const string Name = "DailyReport";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dialstatus/report")] HttpRequest request,
        CancellationToken cancellationToken) =>
        pipeline.RunReadAsync(null, Name, () => DayQuery.Read(request, time).TryGet(out var day, out var refused)
            ? report.ReadJsonAsync(day, cancellationToken)
            : Task.FromResult(refused));
}
