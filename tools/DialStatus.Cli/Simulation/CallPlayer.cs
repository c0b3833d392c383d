namespace DialStatus.Cli.Simulation;

/// <summary>
/// Plays one call as Plivo would: the first request of the call, then whatever the app's XML says, every
/// URL taken from the XML as written; then the hangup URL. Records each request that the app must store.
/// </summary>
public sealed class CallPlayer(PlivoClient client, string baseUrl)
{
    /// <summary>A call the app keeps dialling beyond this is reported rather than played on forever.</summary>
    public const int MaxDialsPerCall = 20;

    public const string AnswerPath = "/api/dialstatus";
    public const string FallbackPath = "/api/dialstatus/fallback";
    public const string RingPath = "/api/dialstatus/ring";
    public const string HangupPath = "/api/dialstatus/hangup";
    public const string PhloPath = "/api/dialstatus/phlo";

    /// <summary>The PHLO scenario's Call Forward nodes: the first goes unanswered, the second is answered.</summary>
    public static readonly IReadOnlyList<(string Node, DialEnding Ending)> PhloNodes =
        [("forward_1", DialEnding.NoAnswer), ("forward_2", DialEnding.Answered)];

    private readonly string _baseUrl = baseUrl.TrimEnd('/');

    /// <summary>
    /// Plays <paramref name="call"/>; <paramref name="dialCount"/> is how many Dials an unanswered call goes
    /// through, when known. Failures are added to the call's problems; nothing is thrown for them.
    /// </summary>
    public async Task PlayAsync(SimulatedCall call, int? dialCount, CancellationToken cancellationToken)
    {
        call.Start(DateTimeOffset.UtcNow);
        if (call.Scenario.Start == CallStart.Phlo)
        {
            await PlayPhloAsync(call, cancellationToken);
            return;
        }
        if (call.Scenario.Start == CallStart.ApiCall)
        {
            var ring = PlivoRequests.Ring(call);
            if (await SendAsync(call, _baseUrl + RingPath, ring, ExpectedRecord.Ring(ring), cancellationToken) is null)
            {
                return;
            }
            call.Advance(6);
        }

        call.Answer();
        var answer = PlivoRequests.Answer(call);
        var reply = call.Scenario.Start == CallStart.Fallback
            ? await SendAsync(call, _baseUrl + FallbackPath, answer, ExpectedRecord.Fallback(answer), cancellationToken)
            : await SendAsync(call, _baseUrl + AnswerPath, answer, expected: null, cancellationToken);
        if (reply is null || await FollowAsync(call, reply.Body, dialCount, cancellationToken) is not { } ending)
        {
            return;
        }

        var hangup = PlivoRequests.Hangup(call, ending);
        await SendAsync(call, _baseUrl + HangupPath, hangup, ExpectedRecord.Hangup(hangup), cancellationToken);
    }

    /// <summary>Runs the app's XML until the call ends; null when it cannot be played on (a problem says why).</summary>
    private async Task<HangupCause?> FollowAsync(SimulatedCall call, string xml, int? dialCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<CallStep> steps;
            try
            {
                steps = PlivoDocument.Steps(xml);
            }
            catch (FormatException e)
            {
                Fail(call, e.Message);
                return null;
            }

            string? replacement = null;
            foreach (var step in steps)
            {
                switch (step)
                {
                    case SpeakStep speak:
                        call.Heard.Add(speak.Text);
                        call.Advance(4);
                        break;
                    case EndStep end:
                        return end.Cause;
                    case UnsupportedStep unsupported:
                        Fail(call, $"the app's XML has <{unsupported.Element}>, which the simulator does not play");
                        return null;
                    case DialStep dial:
                        if (++call.Dials > MaxDialsPerCall)
                        {
                            Fail(call, $"the app was still dialling after {MaxDialsPerCall} Dials");
                            return null;
                        }
                        if (dial.ActionMethod != "POST" || dial.CallbackMethod != "POST")
                        {
                            Fail(call, $"the Dial asks for {dial.ActionMethod} to its action and {dial.CallbackMethod} to its callbackUrl; the simulator sends POST only");
                            return null;
                        }
                        var choice = call.Scenario.Choose(call.Dials, dial.Destinations.Count, dialCount);
                        var (played, winner) = await PlayLegsAsync(call, dial, choice, cancellationToken);
                        if (!played)
                        {
                            return null;
                        }
                        if (dial.Action is null)
                        {
                            break; // Plivo goes on after </Dial>
                        }
                        var action = PlivoRequests.DialAction(call, choice.Ending, winner);
                        if (await SendAsync(call, dial.Action, action, ExpectedRecord.DialAction(action, call.Dials), cancellationToken) is not { } reply)
                        {
                            return null;
                        }
                        if (choice.Ending == DialEnding.CallerHungUp)
                        {
                            return HangupCause.CallerHungUp; // nobody is left to run the reply
                        }
                        if (dial.Redirect)
                        {
                            replacement = reply.Body;
                        }
                        break;
                }
            }
            // Steps end with the end of the call, or with a Dial whose action's reply replaces the document.
            xml = replacement!;
        }
    }

    /// <summary>
    /// The Dial's B legs and their callbackUrl events: for an answer, the winner's answer, a Lost Race hangup
    /// of every other leg, the winner's connected and, when the talk is over, its hangup; otherwise each
    /// leg's hangup with the cause of the Dial's ending. Returns the winner's UUID, if any.
    /// </summary>
    private async Task<(bool Played, string? Winner)> PlayLegsAsync(SimulatedCall call, DialStep dial, DialChoice choice, CancellationToken cancellationToken)
    {
        var legs = dial.Destinations.Select((to, i) => new BLeg(SimulatedCall.NewUuid(), to, dial.CallerId ?? call.From, i + 1)).ToList();
        var events = new List<List<KeyValuePair<string, string>>>();
        BLeg? winner = null;
        if (choice.Ending == DialEnding.Answered)
        {
            winner = legs[Math.Clamp(choice.WinnerIndex, 0, legs.Count - 1)];
            call.Advance(6);
            events.Add(PlivoRequests.DialEvent(call, winner, "answer"));
            events.AddRange(legs.Where(leg => leg != winner).Select(loser => PlivoRequests.DialEvent(call, loser, "hangup", HangupCause.LostRace)));
            events.Add(PlivoRequests.DialEvent(call, winner, "connected"));
            var talk = Random.Shared.Next(20, 300);
            call.Advance(talk);
            events.Add(PlivoRequests.DialEvent(call, winner, "hangup", HangupCause.CalleeHungUp, talk));
        }
        else
        {
            call.Advance(choice.Ending switch { DialEnding.Busy => 2, DialEnding.NoAnswer => 30, _ => 10 });
            events.AddRange(legs.Select(leg => PlivoRequests.DialEvent(call, leg, "hangup", HangupCause.Of(choice.Ending))));
        }

        if (dial.CallbackUrl is not null)
        {
            foreach (var fields in events)
            {
                if (await SendAsync(call, dial.CallbackUrl, fields, ExpectedRecord.DialEvent(fields), cancellationToken) is null)
                {
                    return (false, null);
                }
            }
        }
        return (true, winner?.Uuid);
    }

    /// <summary>A PHLO's HTTP Request nodes, one after another, each naming its Call Forward node in the query.</summary>
    private async Task PlayPhloAsync(SimulatedCall call, CancellationToken cancellationToken)
    {
        foreach (var (node, ending) in PhloNodes)
        {
            var body = PlivoRequests.Phlo(call, ending, ending == DialEnding.Answered ? SimulatedCall.NewUuid() : null);
            var url = $"{_baseUrl}{PhloPath}?node={Uri.EscapeDataString(node)}";
            if (await AcceptedAsync(call, url, () => client.PostPhloJsonAsync(url, body, cancellationToken)) is null)
            {
                return;
            }
            call.ExpectedRecords.Add(ExpectedRecord.Phlo(body, node));
        }
    }

    /// <summary>Sends one signed form post; the reply when the app accepted it, else null (a problem says why).</summary>
    private async Task<Reply?> SendAsync(
        SimulatedCall call, string url, IReadOnlyList<KeyValuePair<string, string>> fields, ExpectedRecord? expected, CancellationToken cancellationToken)
    {
        var reply = await AcceptedAsync(call, url, () => client.PostSignedFormAsync(url, fields, cancellationToken));
        if (reply is not null && expected is not null)
        {
            call.ExpectedRecords.Add(expected);
        }
        return reply;
    }

    /// <summary>The reply of a POST the app accepted (2xx); null when it refused it or could not be reached (a problem says which).</summary>
    private static async Task<Reply?> AcceptedAsync(SimulatedCall call, string url, Func<Task<Reply>> post)
    {
        Reply reply;
        try
        {
            reply = await post();
        }
        catch (HttpRequestException e)
        {
            Fail(call, $"POST {url} failed: {e.Message}");
            return null;
        }
        call.RequestsSent++;
        if (reply.IsSuccess)
        {
            return reply;
        }
        Fail(call, $"POST {url} answered {reply.Summary}");
        return null;
    }

    private static void Fail(SimulatedCall call, string problem)
    {
        call.Problem(problem);
        call.PlayedToTheEnd = false;
    }
}
