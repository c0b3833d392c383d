using System.Globalization;

namespace DialStatus.Cli.Simulation;

/// <summary>
/// One simulated call: the parties and identifiers Plivo would give it, a clock of simulated seconds (the
/// call is played in milliseconds, but its reported durations and times read like a real call's), and
/// everything that was sent, heard and found wrong while it was played and verified.
/// </summary>
public sealed class SimulatedCall
{
    /// <summary>The Plivo number the simulated calls come in on (and API-placed calls go out from); 555-01xx numbers are fictional.</summary>
    public const string PlivoNumber = "+14155550100";

    public SimulatedCall(Scenario scenario)
    {
        Scenario = scenario;
        var customer = string.Create(CultureInfo.InvariantCulture, $"+1{Random.Shared.Next(201, 990)}55501{Random.Shared.Next(0, 100):D2}");
        if (scenario.Start == CallStart.ApiCall)
        {
            (From, To, Direction, RequestUuid) = (PlivoNumber, customer, "outbound", NewUuid());
        }
        else
        {
            (From, To, Direction) = (customer, PlivoNumber, "inbound");
        }
    }

    public Scenario Scenario { get; }

    /// <summary>The A leg's CallUUID: the call's identity in every record.</summary>
    public string Uuid { get; } = NewUuid();

    /// <summary>The Make Call API request's UUID (API-placed calls only).</summary>
    public string? RequestUuid { get; }

    public string From { get; }

    public string To { get; }

    public string Direction { get; }

    /// <summary>When the call started (real time): its UTC day is the report day the call should appear in.</summary>
    public DateTimeOffset StartedAtUtc { get; private set; }

    /// <summary>Simulated seconds since the call started.</summary>
    public int Elapsed { get; private set; }

    /// <summary>When Plivo answered the A leg, in simulated seconds.</summary>
    public int AnsweredAt { get; private set; }

    /// <summary>How many Dials the call went through.</summary>
    public int Dials { get; set; }

    /// <summary>Requests of this call that reached the app (got a reply, whatever its status).</summary>
    public int RequestsSent { get; set; }

    /// <summary>The records the app must hold for the requests it accepted, in the order they were sent.</summary>
    public List<ExpectedRecord> ExpectedRecords { get; } = [];

    /// <summary>What the caller heard (<c>&lt;Speak&gt;</c>).</summary>
    public List<string> Heard { get; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>False when a request failed and the call could not be played to its end.</summary>
    public bool PlayedToTheEnd { get; set; } = true;

    /// <summary>The call starts now: its times count from here.</summary>
    public void Start(DateTimeOffset nowUtc) => StartedAtUtc = nowUtc;

    public void Advance(int seconds) => Elapsed += seconds;

    public void Answer() => AnsweredAt = Elapsed;

    /// <summary>A simulated moment as Plivo writes StartTime, AnswerTime and EndTime (the account's console time zone: here UTC).</summary>
    public string TimeAt(int second) =>
        StartedAtUtc.UtcDateTime.AddSeconds(second).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Plivo's SessionStart: UTC with microseconds.</summary>
    public string SessionStart => StartedAtUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public void Problem(string message) => Problems.Add($"call {Uuid}: {message}");

    /// <summary>A random (version 4) UUID in lower case, as Plivo writes them.</summary>
    public static string NewUuid() => Guid.NewGuid().ToString("D");
}
