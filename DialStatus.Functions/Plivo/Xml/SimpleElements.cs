namespace DialStatus.Functions.Plivo.Xml;

/// <summary><c>&lt;Play&gt;</c>: plays an mp3 or wav file.</summary>
public sealed class Play : PlivoElement
{
    public Play(string url)
        : base("Play", IsAbsoluteHttpUrl(url) ? url : throw new ArgumentException($"Play needs an absolute http(s) URL, not '{url}'.", nameof(url)))
    {
    }

    public int? Loop { get => ParseInt(GetAttribute("loop")); init => SetAttribute("loop", value, minimum: 0); }
}

/// <summary><c>&lt;Wait&gt;</c>: a pause.</summary>
public sealed class Wait() : PlivoElement("Wait")
{
    public int? Length { get => ParseInt(GetAttribute("length")); init => SetAttribute("length", value, minimum: 1); }

    public bool? Silence { get => ParseBool(GetAttribute("silence")); init => SetAttribute("silence", value); }

    public int? MinSilence { get => ParseInt(GetAttribute("minSilence")); init => SetAttribute("minSilence", value, minimum: 0); }

    public bool? Beep { get => ParseBool(GetAttribute("beep")); init => SetAttribute("beep", value); }
}

/// <summary><c>&lt;Hangup&gt;</c>: ends the call, now or after <see cref="Schedule"/> seconds.</summary>
public sealed class Hangup() : PlivoElement("Hangup")
{
    /// <summary><c>rejected</c> or <c>busy</c>.</summary>
    public string? Reason
    {
        get => GetAttribute("reason");
        init => SetAttribute("reason", value is null or "rejected" or "busy"
            ? value
            : throw new ArgumentException($"Hangup reason must be rejected or busy, not '{value}'.", nameof(Reason)));
    }

    public int? Schedule { get => ParseInt(GetAttribute("schedule")); init => SetAttribute("schedule", value, minimum: 1); }
}

/// <summary><c>&lt;Redirect&gt;</c>: continues the call with the XML another URL returns.</summary>
public sealed class Redirect : PlivoElement
{
    public Redirect(string url)
        : base("Redirect", IsAbsoluteHttpUrl(url) ? url : throw new ArgumentException($"Redirect needs an absolute http(s) URL, not '{url}'.", nameof(url)))
    {
    }

    public string? Method { get => GetAttribute("method"); init => SetMethod("method", value); }
}
