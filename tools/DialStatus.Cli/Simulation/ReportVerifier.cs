using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DialStatus.Functions.Plivo;

namespace DialStatus.Cli.Simulation;

/// <summary>What the day reports say about the simulated calls.</summary>
public sealed record ReportCheck(IReadOnlyList<DateOnly> Days, int CallsChecked, IReadOnlyList<string> Problems);

/// <summary>
/// Checks the day report (<c>GET /api/dialstatus/report?date=…</c>) against the simulated calls: a call
/// counts as <c>completed</c> when any of its dial statuses was, otherwise it is listed among the unanswered
/// calls with its last dial status. Only our calls are checked (a real deployment's report holds others). A
/// call is looked for on the UTC day it was answered, then on the days either side (its records may span
/// midnight, and the two clocks may differ).
/// </summary>
public sealed class ReportVerifier(PlivoClient client, string baseUrl)
{
    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    public async Task<ReportCheck> VerifyAsync(IEnumerable<SimulatedCall> calls, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var reports = new Dictionary<DateOnly, JsonObject?>();
        var counted = new Dictionary<(DateOnly Day, string Status), int>();
        var checkedCalls = 0;

        async Task<JsonObject?> ReportOf(DateOnly day)
        {
            if (!reports.TryGetValue(day, out var report))
            {
                reports[day] = report = await ReadAsync(day, problems, cancellationToken);
            }
            return report;
        }

        foreach (var call in calls)
        {
            // A call that could not be played to its end has no final outcome to look for.
            if (!call.PlayedToTheEnd || Outcome(call) is not { } last)
            {
                continue;
            }
            checkedCalls++;
            var answeredOn = DateOnly.FromDateTime(call.StartedAtUtc.UtcDateTime);
            var completed = call.ExpectedRecords.Any(r => r.DialStatus == PlivoRequests.CompletedStatus);
            var expectedStatus = completed ? PlivoRequests.CompletedStatus : last.DialStatus!;
            string? mismatch = null;
            DateOnly? acceptedOn = null;
            foreach (var day in new[] { answeredOn, answeredOn.AddDays(1), answeredOn.AddDays(-1) })
            {
                if (await ReportOf(day) is not { } report)
                {
                    continue;
                }
                var listed = (report["unanswered"] as JsonArray ?? []).OfType<JsonObject>()
                    .FirstOrDefault(u => TimelineEvent.Text(u["callUuid"]) == call.Uuid);
                if (completed && listed is null)
                {
                    acceptedOn = day;
                    break;
                }
                if (completed)
                {
                    mismatch ??= $"the report of {Day(day)} lists it as unanswered with '{TimelineEvent.Text(listed!["dialStatus"])}', but a Dial was 'completed'";
                    continue;
                }
                if (listed is null)
                {
                    continue;
                }
                var differences = UnansweredDifferences(listed, last).ToList();
                if (differences.Count == 0)
                {
                    acceptedOn = day;
                    break;
                }
                mismatch ??= $"the report of {Day(day)} lists it as unanswered with {string.Join(", ", differences)}";
            }

            if (acceptedOn is { } accepted)
            {
                counted[(accepted, expectedStatus)] = counted.GetValueOrDefault((accepted, expectedStatus)) + 1;
            }
            else
            {
                problems.Add($"call {call.Uuid}: " + (mismatch ?? $"not among the unanswered calls of the report of {Day(answeredOn)} or the days either side; its last DialStatus was '{expectedStatus}'"));
            }
        }

        foreach (var ((day, status), ours) in counted)
        {
            var reported = reports[day]?["byDialStatus"]?[status] is JsonValue value && value.TryGetValue<int>(out var count) ? count : 0;
            if (reported < ours)
            {
                problems.Add($"report {Day(day)}: byDialStatus '{status}' is {reported}, but {ours} simulated calls ended '{status}' that day");
            }
        }
        return new ReportCheck([.. reports.Keys.Order()], checkedCalls, problems);
    }

    /// <summary>The dial status record the report should show for the call: the last one sent (Dial order, then send order).</summary>
    public static ExpectedRecord? Outcome(SimulatedCall call) =>
        call.ExpectedRecords.Where(r => r.DialStatus is not null).OrderBy(r => r.Attempt ?? 1).LastOrDefault();

    /// <summary>How the report's unanswered entry differs from the call's last dial status as sent.</summary>
    private static IEnumerable<string> UnansweredDifferences(JsonObject listed, ExpectedRecord last)
    {
        foreach (var (property, field) in new[]
        {
            ("dialStatus", PlivoFields.DialStatus), ("dialHangupCause", PlivoFields.DialHangupCause),
            ("from", PlivoFields.From), ("to", PlivoFields.To),
        })
        {
            var reported = TimelineEvent.Text(listed[property]);
            var sent = last.Field(field);
            if (reported != sent)
            {
                yield return $"{property} '{reported}', sent '{sent}'";
            }
        }
    }

    private async Task<JsonObject?> ReadAsync(DateOnly day, List<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.GetAsync($"{_baseUrl}/api/dialstatus/report?date={Day(day)}", cancellationToken);
            if (reply.Status != 200)
            {
                problems.Add($"report {Day(day)}: GET /api/dialstatus/report answered {reply.Summary}");
                return null;
            }
            return JsonNode.Parse(reply.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            problems.Add($"report {Day(day)}: could not be read ({e.Message})");
            return null;
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
