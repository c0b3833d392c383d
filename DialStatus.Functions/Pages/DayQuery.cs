using Microsoft.AspNetCore.Http;

namespace DialStatus.Functions.Pages;

/// <summary>The <c>?date=YYYY-MM-DD</c> of the day endpoints (report, dashboard) and of the pages' links to them: a UTC day, today by default.</summary>
internal static class DayQuery
{
    public const string Parameter = "date";

    public static Result<DateOnly> Read(HttpRequest request, TimeProvider time)
    {
        var date = request.Query[Parameter].ToString();
        if (date.Length == 0)
        {
            return DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        }
        return UtcDay.TryParse(date, out var day)
            ? day
            : Outcome.BadRequest($"Query parameter '{Parameter}' must be a UTC day as {UtcDay.FormatForPeople}, not '{date}'.");
    }
}
