using System.Text.Json.Nodes;
using DialStatus.Functions.Storage;

namespace DialStatus.Cli.Simulation;

/// <summary>What the app's timeline holds for one call, and what is wrong with it.</summary>
public sealed record CallCheck(SimulatedCall Call, IReadOnlyList<TimelineEvent> Timeline, IReadOnlyList<string> Problems, int RecordsVerified);

/// <summary>
/// Reads a call's timeline through the app's read endpoint and checks that every request the app accepted
/// is there exactly as sent: a record of the right kind under the right row key, RawParameters holding the
/// sent fields (names and values, nothing more, nothing less), the typed properties agreeing with them,
/// and no record the simulator did not cause.
/// </summary>
public sealed class CallVerifier(PlivoClient client, string baseUrl)
{
    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    public async Task<CallCheck> VerifyAsync(SimulatedCall call, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        void Problem(string message) => problems.Add($"call {call.Uuid}: {message}");
        if (call.RequestsSent == 0)
        {
            return new CallCheck(call, [], problems, 0); // nothing reached the app: the call's own problem says why
        }

        Reply reply;
        try
        {
            reply = await client.GetAsync($"{_baseUrl}/api/dialstatus/calls/{call.Uuid}", cancellationToken);
        }
        catch (HttpRequestException e)
        {
            Problem($"reading the timeline failed: {e.Message}");
            return new CallCheck(call, [], problems, 0);
        }
        if (reply.Status == 404 && call.ExpectedRecords.Count == 0)
        {
            return new CallCheck(call, [], problems, 0);
        }
        if (reply.Status != 200)
        {
            Problem($"GET /api/dialstatus/calls/{call.Uuid} answered {reply.Summary}");
            return new CallCheck(call, [], problems, 0);
        }

        IReadOnlyList<TimelineEvent> timeline;
        try
        {
            timeline = Timeline.Parse(reply.Body);
        }
        catch (FormatException e)
        {
            Problem(e.Message);
            return new CallCheck(call, [], problems, 0);
        }

        var byRowKey = timeline.ToDictionary(e => e.RowKey, StringComparer.Ordinal);
        var verified = 0;
        foreach (var expected in call.ExpectedRecords)
        {
            if (!byRowKey.Remove(expected.RowKey, out var stored))
            {
                Problem($"no {expected.Name}");
                continue;
            }
            var before = problems.Count;
            foreach (var difference in Differences(expected, stored))
            {
                Problem($"{expected.RowKey} {difference}");
            }
            verified += problems.Count == before ? 1 : 0;
        }
        foreach (var extra in byRowKey.Values)
        {
            Problem($"unexpected {extra.RecordKind} record {extra.RowKey}: the simulator sent nothing that makes it");
        }
        return new CallCheck(call, timeline, problems, verified);
    }

    /// <summary>How <paramref name="stored"/> differs from <paramref name="expected"/>, each as "what: is, sent".</summary>
    public static IEnumerable<string> Differences(ExpectedRecord expected, TimelineEvent stored)
    {
        if (stored.RecordKind != expected.Kind)
        {
            yield return $"recordKind is '{stored.RecordKind}', expected '{expected.Kind}'";
        }

        var sent = expected.RawParameters.GroupBy(f => f.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Value).ToList(), StringComparer.Ordinal);
        if (stored.RawParameters is not JsonObject raw)
        {
            yield return "has no rawParameters object";
        }
        else
        {
            foreach (var (name, values) in sent)
            {
                if (!raw.TryGetPropertyValue(name, out var node))
                {
                    yield return $"rawParameters lacks {name} (sent {Quote(values)})";
                    continue;
                }
                var storedValues = node is JsonArray array ? array.Select(TimelineEvent.Text).ToList() : [TimelineEvent.Text(node)];
                if (!storedValues.SequenceEqual(values))
                {
                    yield return $"rawParameters {name} is {Quote(storedValues)}, sent {Quote(values)}";
                }
            }
            foreach (var (name, node) in raw.Where(p => !sent.ContainsKey(p.Key)))
            {
                yield return $"rawParameters has {name} {Quote([TimelineEvent.Text(node)])}, which was not sent";
            }
        }

        foreach (var name in expected.TypedFields)
        {
            var sentValue = sent.TryGetValue(name, out var values) ? values[0] : null;
            var storedValue = stored.Properties.ContainsKey(name) ? stored.Property(name) : null;
            if (sentValue is null && storedValue is not null)
            {
                yield return $"{name} is '{storedValue}', which was not sent";
            }
            else if (sentValue is not null && storedValue is null)
            {
                yield return $"lacks {name} (sent '{sentValue}')";
            }
            else if (sentValue != storedValue)
            {
                yield return $"{name} is '{storedValue}', sent '{sentValue}'";
            }
        }

        if (expected.Attempt is { } attempt && stored.Property(RecordProperties.Attempt) != attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            yield return $"{RecordProperties.Attempt} is '{stored.Property(RecordProperties.Attempt)}', expected {attempt}";
        }
    }

    private static string Quote(IEnumerable<string?> values) => string.Join(", ", values.Select(v => v is null ? "null" : $"'{v}'"));
}
