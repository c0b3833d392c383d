using System.Text.RegularExpressions;

namespace DialStatus.Functions.Plivo.Xml;

/// <summary><c>&lt;Speak&gt;</c>: text to speech.</summary>
public sealed partial class Speak(string text) : PlivoElement("Speak", text)
{
    /// <summary><c>WOMAN</c> (Plivo's default), <c>MAN</c>, or <c>Polly.&lt;Name&gt;</c>.</summary>
    public string? Voice
    {
        get => GetAttribute("voice");
        init => SetAttribute("voice", value is null || VoicePattern().IsMatch(value)
            ? value
            : throw new ArgumentException($"Speak voice must be MAN, WOMAN or Polly.<Name>, not '{value}'.", nameof(Voice)));
    }

    public string? Language { get => GetAttribute("language"); init => SetAttribute("language", value); }

    /// <summary>How many times to say it; 0 repeats until the call ends.</summary>
    public int? Loop { get => ParseInt(GetAttribute("loop")); init => SetAttribute("loop", value, minimum: 0); }

    [GeneratedRegex(@"^(MAN|WOMAN|Polly\.[^.\s]+)$")]
    private static partial Regex VoicePattern();
}
