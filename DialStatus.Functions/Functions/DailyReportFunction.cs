using System.Globalization;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Plivo;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DialStatus.Functions.Functions;

/// <summary>A UTC day's report as JSON: <c>?date=YYYY-MM-DD</c>, today by default.</summary>
public sealed class DailyReportFunction(WebhookPipeline pipeline, DailyReport report, TimeProvider time)
{
    public const string Name = "DailyReport";

    [Function(Name)]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dialstatus/report")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var date = request.Query["date"].ToString();
        DateOnly day;
        if (date.Length == 0)
        {
            day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        }
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Task.FromResult(HttpReplies.Refusal(WebhookRejection.BadRequest($"Query parameter 'date' must be a UTC day as YYYY-MM-DD, not '{date}'.")));
        }
        return pipeline.RunReadAsync(null, Name, async () => HttpReplies.Json(await report.ReadAsync(day, cancellationToken)), cancellationToken);
    }
}
