namespace DialStatus.Functions.Options;

/// <summary>Settings under <c>Dial:</c>: what the answer's <c>&lt;Dial&gt;</c> connects the caller to.</summary>
public sealed class DialOptions
{
    public const string Section = "Dial";

    private IReadOnlyList<DialTarget>? _parsedTargets;

    /// <summary>Comma-separated E.164 numbers and <c>sip:</c> URIs, dialled in this order.</summary>
    public string? Targets
    {
        get;
        set
        {
            field = value;
            _parsedTargets = null;
        }
    }

    public string? CallerId { get; set; }

    public string? CallerName { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? TimeLimitSeconds { get; set; }

    public bool? HangupOnStar { get; set; }

    public DialMode Mode { get; set; } = DialMode.Simultaneous;

    /// <summary>Spoken to the caller when nobody answered; null hangs up instead.</summary>
    public string? UnansweredMessage { get; set; }

    /// <summary>The parsed <see cref="Targets"/>, parsed once; call only on validated options.</summary>
    public IReadOnlyList<DialTarget> ParsedTargets => _parsedTargets ??= DialTarget.ParseList(Targets).Targets;

    /// <summary>Where these options were read from: what could not be read, and what was trimmed.</summary>
    internal SettingsSection? Source { get; private set; }

    internal static void ReadFrom(SettingsSection settings, DialOptions options)
    {
        options.Source = settings;
        options.Targets = settings.Text(nameof(Targets));
        options.CallerId = settings.Text(nameof(CallerId));
        options.CallerName = settings.Text(nameof(CallerName));
        options.TimeoutSeconds = settings.Number(nameof(TimeoutSeconds));
        options.TimeLimitSeconds = settings.Number(nameof(TimeLimitSeconds));
        options.HangupOnStar = settings.Flag(nameof(HangupOnStar));
        options.Mode = settings.Choice<DialMode>(nameof(Mode)) ?? options.Mode;
        options.UnansweredMessage = settings.Text(nameof(UnansweredMessage));
    }
}
