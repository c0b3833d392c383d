using System.Globalization;
using DialStatus.Functions.Plivo;

namespace DialStatus.Cli.Simulation;

/// <summary>A hangup cause as Plivo reports it: the telephony cause, Plivo's name and code, and who hung up.</summary>
public sealed record HangupCause(string Cause, string Name, int Code, string Source)
{
    /// <summary>The bridged destination hung up.</summary>
    public static HangupCause CalleeHungUp { get; } = new("NORMAL_CLEARING", "Normal Hangup", 4000, "Callee");

    /// <summary>A destination of a simultaneous Dial that another destination beat to the answer.</summary>
    public static HangupCause LostRace { get; } = new("LOSE_RACE", "Lost Race", 9000, "Plivo");

    public static HangupCause NoAnswer { get; } = new("NO_ANSWER", "No Answer", 3000, "Plivo");

    public static HangupCause Busy { get; } = new("USER_BUSY", "Busy Line", 3010, "Callee");

    public static HangupCause Canceled { get; } = new("ORIGINATOR_CANCEL", "Canceled", 1000, "Caller");

    /// <summary>The A leg, ended by a <c>&lt;Hangup/&gt;</c>.</summary>
    public static HangupCause HangupElement { get; } = new("NORMAL_CLEARING", "Normal Hangup", 4000, "Answer XML");

    /// <summary>The A leg, ended because its XML ran out.</summary>
    public static HangupCause EndOfXml { get; } = new("NORMAL_CLEARING", "End Of XML Instructions", 4010, "Answer XML");

    /// <summary>The A leg, ended by the caller.</summary>
    public static HangupCause CallerHungUp { get; } = new("NORMAL_CLEARING", "Normal Hangup", 4000, "Caller");

    /// <summary>How the legs of an unanswered Dial end.</summary>
    public static HangupCause Of(DialEnding ending) => ending switch
    {
        DialEnding.Busy => Busy,
        DialEnding.NoAnswer => NoAnswer,
        DialEnding.CallerHungUp => Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(ending), ending, "An answered Dial's legs end in several ways."),
    };
}

/// <summary>One destination of a Dial, as Plivo calls it: a B leg.</summary>
public sealed record BLeg(string Uuid, string To, string From, int Position);

/// <summary>
/// Every request's fields, as Plivo sends them to each URL (names, values and their shapes are in
/// docs/plivo.md). The one place the simulator builds Plivo fields: scenarios only choose what happens.
/// </summary>
public static class PlivoRequests
{
    public const string StartAppEvent = "StartApp";
    public const string CompletedStatus = "completed";

    public static List<KeyValuePair<string, string>> Answer(SimulatedCall call)
    {
        var apiCall = call.RequestUuid is not null;
        var fields = ALeg(call, apiCall ? "in-progress" : "ringing");
        Add(fields, PlivoFields.Event, StartAppEvent);
        if (apiCall)
        {
            Add(fields, PlivoFields.RequestUuid, call.RequestUuid!);
            Add(fields, PlivoFields.ALegUuid, call.Uuid);
            Add(fields, PlivoFields.ALegRequestUuid, call.RequestUuid!);
        }
        else
        {
            Add(fields, PlivoFields.CallerName, "WIRELESS CALLER");
        }
        Add(fields, PlivoFields.SessionStart, call.SessionStart);
        Add(fields, PlivoFields.StirAttestation, "A");
        Add(fields, PlivoFields.StirVerification, apiCall ? "Not Applicable" : "Verified");
        return fields;
    }

    /// <summary>The ring URL of a call placed with the Make Call API.</summary>
    public static List<KeyValuePair<string, string>> Ring(SimulatedCall call)
    {
        var fields = ALeg(call, "ringing");
        Add(fields, PlivoFields.Event, "Ring");
        Add(fields, PlivoFields.RequestUuid, call.RequestUuid!);
        Add(fields, PlivoFields.ALegRequestUuid, call.RequestUuid!);
        Add(fields, PlivoFields.SessionStart, call.SessionStart);
        Add(fields, PlivoFields.StirAttestation, "A");
        return fields;
    }

    /// <summary>
    /// A live event of <paramref name="leg"/> on the Dial's callbackUrl: <c>answer</c>, <c>connected</c>, or
    /// <c>hangup</c> with its <paramref name="cause"/> and <paramref name="talkSeconds"/>.
    /// </summary>
    public static List<KeyValuePair<string, string>> DialEvent(
        SimulatedCall call, BLeg leg, string dialAction, HangupCause? cause = null, int talkSeconds = 0)
    {
        var fields = ALeg(call, "in-progress");
        Add(fields, PlivoFields.DialAction, dialAction);
        // Plivo's docs name the Event of answer and hangup only: connected goes without one.
        switch (dialAction)
        {
            case "answer":
                Add(fields, PlivoFields.Event, "DialAnswer");
                break;
            case "hangup":
                Add(fields, PlivoFields.Event, "DialHangup");
                break;
        }
        Add(fields, PlivoFields.DialBLegStatus, dialAction == "hangup" ? "hangup" : "answer");
        Add(fields, PlivoFields.DialALegUuid, call.Uuid);
        Add(fields, PlivoFields.DialBLegUuid, leg.Uuid);
        Add(fields, PlivoFields.DialBLegFrom, leg.From);
        Add(fields, PlivoFields.DialBLegTo, leg.To);
        Add(fields, PlivoFields.DialBLegPosition, Number(leg.Position));
        if (cause is not null)
        {
            Add(fields, PlivoFields.DialBLegDuration, Number(talkSeconds));
            Add(fields, PlivoFields.DialBLegBillDuration, Number(Billed(talkSeconds)));
            Add(fields, PlivoFields.DialBLegHangupCause, cause.Cause);
            Add(fields, PlivoFields.DialBLegHangupCauseName, cause.Name);
            Add(fields, PlivoFields.DialBLegHangupCauseCode, Number(cause.Code));
            Add(fields, PlivoFields.DialBLegHangupSource, cause.Source);
        }
        return fields;
    }

    /// <summary>The Dial action: how the Dial ended, with the A leg's parameters.</summary>
    public static List<KeyValuePair<string, string>> DialAction(SimulatedCall call, DialEnding ending, string? winner)
    {
        var fields = ALeg(call, ending == DialEnding.CallerHungUp ? CompletedStatus : "in-progress");
        foreach (var field in DialStatusFields(call, ending, winner))
        {
            fields.Add(field);
        }
        return fields;
    }

    /// <summary>A PHLO HTTP Request node's body: the Call Forward node's outcome, nothing else.</summary>
    public static List<KeyValuePair<string, string>> Phlo(SimulatedCall call, DialEnding ending, string? winner) =>
        DialStatusFields(call, ending, winner);

    /// <summary>The hangup URL: how and when the A leg ended.</summary>
    public static List<KeyValuePair<string, string>> Hangup(SimulatedCall call, HangupCause cause)
    {
        var fields = ALeg(call, CompletedStatus);
        Add(fields, PlivoFields.Event, PlivoEvents.Hangup);
        if (call.RequestUuid is not null)
        {
            Add(fields, PlivoFields.RequestUuid, call.RequestUuid);
            Add(fields, PlivoFields.ALegUuid, call.Uuid);
            Add(fields, PlivoFields.ALegRequestUuid, call.RequestUuid);
        }
        var duration = call.Elapsed - call.AnsweredAt;
        Add(fields, PlivoFields.HangupCause, cause.Cause);
        Add(fields, PlivoFields.HangupCauseName, cause.Name);
        Add(fields, PlivoFields.HangupCauseCode, Number(cause.Code));
        Add(fields, PlivoFields.HangupSource, cause.Source);
        Add(fields, PlivoFields.Duration, Number(duration));
        Add(fields, PlivoFields.BillDuration, Number(Billed(duration)));
        Add(fields, PlivoFields.StartTime, call.TimeAt(0));
        Add(fields, PlivoFields.AnswerTime, call.TimeAt(call.AnsweredAt));
        Add(fields, PlivoFields.EndTime, call.TimeAt(call.Elapsed));
        Add(fields, PlivoFields.SessionStart, call.SessionStart);
        Add(fields, PlivoFields.StirAttestation, "A");
        return fields;
    }

    /// <summary>DialStatus, DialRingStatus and DialHangupCause of a Dial's ending; DialBLegUUID is empty when nobody answered.</summary>
    private static List<KeyValuePair<string, string>> DialStatusFields(SimulatedCall call, DialEnding ending, string? winner)
    {
        var (status, rang, cause) = ending switch
        {
            DialEnding.Answered => (CompletedStatus, true, HangupCause.CalleeHungUp.Cause),
            DialEnding.Busy => ("busy", false, HangupCause.Busy.Cause),
            DialEnding.NoAnswer => ("no-answer", true, HangupCause.NoAnswer.Cause),
            DialEnding.CallerHungUp => ("cancel", true, HangupCause.Canceled.Cause),
            _ => throw new ArgumentOutOfRangeException(nameof(ending), ending, null),
        };
        List<KeyValuePair<string, string>> fields = [];
        Add(fields, PlivoFields.DialStatus, status);
        Add(fields, PlivoFields.DialRingStatus, rang ? "true" : "false");
        Add(fields, PlivoFields.DialHangupCause, cause);
        Add(fields, PlivoFields.DialALegUuid, call.Uuid);
        Add(fields, PlivoFields.DialBLegUuid, winner ?? string.Empty);
        return fields;
    }

    /// <summary>The A leg's parameters, which Plivo sends with every request about the call.</summary>
    private static List<KeyValuePair<string, string>> ALeg(SimulatedCall call, string callStatus) =>
    [
        new(PlivoFields.CallUuid, call.Uuid), new(PlivoFields.From, call.From), new(PlivoFields.To, call.To),
        new(PlivoFields.CallStatus, callStatus), new(PlivoFields.Direction, call.Direction),
    ];

    /// <summary>Plivo bills started minutes.</summary>
    private static int Billed(int seconds) => (seconds + 59) / 60 * 60;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Add(List<KeyValuePair<string, string>> fields, string name, string value) => fields.Add(new(name, value));
}
