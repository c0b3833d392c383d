using DialStatus.Bench;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Load;

/// <summary>Which function a callback goes to.</summary>
public enum Endpoint
{
    Answer,
    Fallback,
    Ring,
    DialCallback,
    DialAction,
    Hangup,
    Phlo,
}

/// <summary>How often a callback is delivered.</summary>
public enum Redelivery
{
    Once,
    TwiceInSequence,
    TwiceAtOnce,
}

/// <summary>
/// The record a callback must leave: its keys, its kind, and whether the day index gets an entry of its own (a dial
/// status) rather than the call's marker.
/// </summary>
public sealed record ExpectedRecord(string PartitionKey, string RowKey, string Kind, bool Indexed);

/// <summary>One callback of a call (numbered from 0 across the scenario): where it goes, what is sent, what it must leave in storage.</summary>
public sealed record Callback(int Id, Endpoint Endpoint, TestRequest Request, ExpectedRecord? Record, Redelivery Redelivery)
{
    public int Deliveries => Redelivery == Redelivery.Once ? 1 : 2;
}

/// <summary>
/// Simulated calls and their callbacks, in the order Plivo sends them: ring (API-placed calls), answer (or the
/// fallback URL), the simultaneous Dial's B-leg events (answer, connected, hangup; Lost Race hangups for the
/// losing legs), the Dial action, the hangup (to the hangup URL, or posted to the answer URL), now and then a
/// PHLO post. Seeded, so a run can be repeated.
/// </summary>
public static class Scenario
{
    private static readonly (string Address, int Position)[] Targets =
        [.. TestApp.Targets.Split(',').Select((address, index) => (address, index + 1))];

    /// <summary>The app dials simultaneously, so every call has exactly one Dial attempt.</summary>
    private static readonly string DialActionRowKey = RecordKey.DialAction(1).RowKey;

    /// <summary>Calls whose callbacks, redeliveries included, add up to exactly <paramref name="callbacks"/>.</summary>
    public static List<List<Callback>> Generate(int callbacks, double duplicateShare, int seed)
    {
        var random = new Random(seed);
        var calls = new List<List<Callback>>();
        var total = 0;
        var ids = 0;
        while (total < callbacks)
        {
            var call = new List<Callback>();
            foreach (var (endpoint, request, record) in OneCall(random))
            {
                var redelivery = random.NextDouble() >= duplicateShare ? Redelivery.Once
                    : random.Next(2) == 0 ? Redelivery.TwiceInSequence : Redelivery.TwiceAtOnce;
                var callback = new Callback(ids, endpoint, request.Presigned(), record, redelivery);
                if (total + callback.Deliveries > callbacks)
                {
                    callback = callback with { Redelivery = Redelivery.Once };
                }
                if (total + callback.Deliveries > callbacks)
                {
                    break;
                }
                call.Add(callback);
                total += callback.Deliveries;
                ids++;
            }
            calls.Add(call);
        }
        return calls;
    }

    private static IEnumerable<(Endpoint, TestRequest, ExpectedRecord?)> OneCall(Random random)
    {
        var apiPlaced = random.NextDouble() < 0.2;
        var call = PlivoCall.Create(random, apiPlaced ? "outbound" : "inbound");
        var partition = TableKeys.Encode(call.ALeg);
        ExpectedRecord Record(string rowKey, string kind, bool indexed = false) => new(partition, rowKey, kind, indexed);

        if (apiPlaced)
        {
            yield return (Endpoint.Ring, PlivoCallbacks.Ring(call), Record(RecordKind.Ring, RecordKind.Ring));
        }
        yield return random.NextDouble() < 0.05
            ? (Endpoint.Fallback, PlivoCallbacks.Answer(call, PlivoCallbacks.FallbackPath), Record(RecordKind.Fallback, RecordKind.Fallback))
            : (Endpoint.Answer, PlivoCallbacks.Answer(call), null);

        // A simultaneous Dial of every target: one B leg each.
        var legs = Targets.Select(t => (Uuid: PlivoCall.NewUuid(random), t.Address, t.Position)).ToArray();
        var outcome = random.NextDouble() switch { < 0.7 => "completed", < 0.9 => "no-answer", _ => "busy" };
        string? winner = null;
        if (outcome == "completed")
        {
            var won = legs[random.Next(legs.Length)];
            winner = won.Uuid;
            foreach (var action in new[] { "answer", "connected" })
            {
                yield return DialEvent(won, action, null);
            }
            foreach (var lost in legs.Where(l => l.Uuid != winner))
            {
                yield return DialEvent(lost, "hangup", "Lost Race");
            }
            yield return DialEvent(won, "hangup", "Normal Hangup");
        }
        else
        {
            foreach (var leg in legs)
            {
                yield return DialEvent(leg, "hangup", outcome == "busy" ? "Busy Line" : "No Answer");
            }
        }

        var cause = outcome switch { "completed" => "NORMAL_CLEARING", "busy" => "USER_BUSY", _ => "NO_ANSWER" };
        yield return (Endpoint.DialAction, PlivoCallbacks.DialAction(call, winner, outcome, cause),
            Record(DialActionRowKey, RecordKind.DialAction, indexed: true));

        if (random.NextDouble() < 0.1)
        {
            var encoding = new[] { "form", "json", "query" }[random.Next(3)];
            yield return (Endpoint.Phlo, PlivoCallbacks.Phlo(call, winner, outcome, cause, encoding),
                Record(RecordKey.Phlo(node: null, winner, outcome).RowKey, RecordKind.Phlo, indexed: true));
        }

        yield return random.NextDouble() < 0.3
            ? (Endpoint.Answer, PlivoCallbacks.Hangup(call, winner is not null, PlivoCallbacks.AnswerPath), Record(RecordKind.Hangup, RecordKind.Hangup))
            : (Endpoint.Hangup, PlivoCallbacks.Hangup(call, winner is not null), Record(RecordKind.Hangup, RecordKind.Hangup));

        (Endpoint, TestRequest, ExpectedRecord?) DialEvent((string Uuid, string Address, int Position) leg, string action, string? hangupCauseName) =>
            (Endpoint.DialCallback, PlivoCallbacks.DialEvent(call, leg.Uuid, leg.Address, leg.Position, action, hangupCauseName),
                Record(RecordKey.DialEvent(leg.Uuid, action).RowKey, RecordKind.DialEvent));
    }
}
