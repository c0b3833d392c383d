namespace DialStatus.Cli.Simulation;

/// <summary>How a simulated call reaches the app.</summary>
public enum CallStart
{
    /// <summary>An inbound call: the answer URL.</summary>
    Inbound,

    /// <summary>A call placed with the Make Call API: the ring URL, then the answer URL.</summary>
    ApiCall,

    /// <summary>The answer URL failed, so Plivo asks the fallback answer URL.</summary>
    Fallback,

    /// <summary>A PHLO owns the call; only its HTTP Request nodes reach the app.</summary>
    Phlo,
}

/// <summary>How one Dial ends.</summary>
public enum DialEnding
{
    /// <summary>A destination answered and was bridged: <c>completed</c>.</summary>
    Answered,

    Busy,

    NoAnswer,

    /// <summary>The caller hung up while the destinations rang: <c>cancel</c>, and the call is over.</summary>
    CallerHungUp,
}

/// <summary>What the scenario makes of one Dial: how it ends, and which destination answers when one does.</summary>
public sealed record DialChoice(DialEnding Ending, int WinnerIndex = 0);

/// <summary>One kind of call the simulator plays, under the name the command line takes.</summary>
public sealed class Scenario
{
    private readonly Func<int, int, int?, DialChoice>? _choose;

    private Scenario(string name, string description, CallStart start, Func<int, int, int?, DialChoice>? choose)
    {
        Name = name;
        Description = description;
        Start = start;
        _choose = choose;
    }

    public string Name { get; }

    public string Description { get; }

    public CallStart Start { get; }

    /// <summary>True when the scenario must know how many Dials an unanswered call goes through.</summary>
    public bool NeedsDialCount => this == SequentialFailover;

    public static Scenario Answered { get; } = new("answered", "the first destination answers", CallStart.Inbound, (_, _, _) => new(DialEnding.Answered));

    public static Scenario Busy { get; } = new("busy", "every destination is busy", CallStart.Inbound, (_, _, _) => new(DialEnding.Busy));

    public static Scenario NoAnswer { get; } = new("no-answer", "nobody answers", CallStart.Inbound, (_, _, _) => new(DialEnding.NoAnswer));

    public static Scenario CallerHangsUp { get; } =
        new("caller-hangs-up", "the caller hangs up while it rings", CallStart.Inbound, (_, _, _) => new(DialEnding.CallerHungUp));

    /// <summary>
    /// Unanswered until the Dial that rings the last destination: the last Dial an unanswered call goes through
    /// (one Dial of every destination when simultaneous, one Dial per destination when sequential).
    /// </summary>
    public static Scenario SequentialFailover { get; } = new(
        "sequential-failover", "every Dial goes unanswered until the last destination answers", CallStart.Inbound,
        (dial, destinations, dialCount) => dial >= (dialCount ?? throw new InvalidOperationException("The Dial count is not known yet."))
            ? new(DialEnding.Answered, WinnerIndex: destinations - 1)
            : new(DialEnding.NoAnswer));

    public static Scenario ApiCall { get; } =
        new("api-call", "a call placed with the Make Call API, answered", CallStart.ApiCall, (_, _, _) => new(DialEnding.Answered));

    public static Scenario Fallback { get; } =
        new("fallback", "the answer URL failed, so Plivo asks the fallback URL, whose Dial is answered", CallStart.Fallback, (_, _, _) => new(DialEnding.Answered));

    /// <summary>A PHLO steers the call itself: its nodes' outcomes are <see cref="CallPlayer.PhloNodes"/>.</summary>
    public static Scenario Phlo { get; } =
        new("phlo", "a PHLO's HTTP Request nodes post their Call Forward outcomes", CallStart.Phlo, choose: null);

    public static IReadOnlyList<Scenario> All { get; } = [Answered, Busy, NoAnswer, CallerHangsUp, SequentialFailover, ApiCall, Fallback, Phlo];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// How Dial number <paramref name="dial"/> (1-based) of <paramref name="destinations"/> destinations ends;
    /// <paramref name="dialCount"/> is how many Dials an unanswered call goes through, when known.
    /// </summary>
    public DialChoice Choose(int dial, int destinations, int? dialCount) =>
        (_choose ?? throw new InvalidOperationException($"{Name} calls are not steered by the app's XML."))(dial, destinations, dialCount);

    public override string ToString() => Name;
}
