using System.Text.RegularExpressions;

namespace DialStatus.Functions.Options;

/// <summary>One destination of the Dial: a phone number (<c>&lt;Number&gt;</c>) or a SIP endpoint (<c>&lt;User&gt;</c>).</summary>
public sealed partial record DialTarget(string Address, bool IsSipUri)
{
    /// <summary>Parses the comma-separated <c>Dial:Targets</c> setting; errors name the offending entry.</summary>
    public static (IReadOnlyList<DialTarget> Targets, IReadOnlyList<string> Errors) ParseList(string? setting)
    {
        var targets = new List<DialTarget>();
        var errors = new List<string>();
        foreach (var entry in (setting ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (E164().IsMatch(entry))
            {
                targets.Add(new DialTarget(entry, IsSipUri: false));
            }
            else if (SipUri().IsMatch(entry))
            {
                targets.Add(new DialTarget(entry, IsSipUri: true));
            }
            else
            {
                errors.Add($"'{entry}' is neither an E.164 number (+ and 2 to 15 digits, e.g. +14155550100) nor a sip: URI (e.g. sip:alice@phone.plivo.com)");
            }
        }
        return (targets, errors);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^sip:[^@\s<>""]+@[^@\s<>""]+$", RegexOptions.IgnoreCase)]
    private static partial Regex SipUri();
}
