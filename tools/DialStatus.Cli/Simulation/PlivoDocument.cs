using System.Xml;
using System.Xml.Linq;

namespace DialStatus.Cli.Simulation;

/// <summary>One thing a call does as Plivo runs its XML.</summary>
public abstract record CallStep;

/// <summary>
/// A <c>&lt;Dial&gt;</c>: its destinations in document order and the URLs it reports to, as written minus
/// the <c>#</c> fragment (Plivo's retry settings, never sent). Null URLs are attributes the Dial lacks.
/// </summary>
public sealed record DialStep(
    IReadOnlyList<string> Destinations, string? Action, string ActionMethod, bool Redirect,
    string? CallbackUrl, string CallbackMethod, string? CallerId) : CallStep;

/// <summary>A <c>&lt;Speak&gt;</c>: the caller hears it.</summary>
public sealed record SpeakStep(string Text) : CallStep;

/// <summary>The call ends: a <c>&lt;Hangup/&gt;</c>, or the document ran out.</summary>
public sealed record EndStep(HangupCause Cause) : CallStep;

/// <summary>An element that would make Plivo request a URL the simulator does not play (Redirect, GetDigits, …).</summary>
public sealed record UnsupportedStep(string Element) : CallStep;

/// <summary>Reads the Plivo XML the app replies with into the steps a call takes through it.</summary>
public static class PlivoDocument
{
    /// <summary>Elements that only play something to the caller: nothing to request, nothing to report.</summary>
    private static readonly HashSet<string> SilentElements = ["Play", "Wait", "DTMF", "PreAnswer"];

    /// <summary>
    /// The steps of <paramref name="xml"/> in order, up to the first that leaves this document: a Dial
    /// whose action's XML replaces it (<c>redirect</c> not <c>false</c>), the end of the call, or an element the
    /// simulator cannot follow. A document that runs out ends the call (4010, End Of XML Instructions).
    /// </summary>
    /// <exception cref="FormatException">The reply is not Plivo XML.</exception>
    public static IReadOnlyList<CallStep> Steps(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new FormatException($"the reply is not XML ({e.Message})", e);
        }
        if (root.Name.LocalName != "Response")
        {
            throw new FormatException($"the reply's root element is <{root.Name.LocalName}>, not <Response>");
        }

        var steps = new List<CallStep>();
        foreach (var element in root.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "Dial":
                    var dial = ReadDial(element);
                    steps.Add(dial);
                    if (dial.Action is not null && dial.Redirect)
                    {
                        return steps;
                    }
                    break;
                case "Speak":
                    steps.Add(new SpeakStep(element.Value));
                    break;
                case "Hangup":
                    steps.Add(new EndStep(HangupCause.HangupElement));
                    return steps;
                case var name when SilentElements.Contains(name):
                    break;
                case var name:
                    steps.Add(new UnsupportedStep(name));
                    return steps;
            }
        }
        steps.Add(new EndStep(HangupCause.EndOfXml));
        return steps;
    }

    /// <summary>A URL as Plivo requests it: the fragment is not part of the request.</summary>
    public static string WithoutFragment(string url) => url.IndexOf('#') is >= 0 and var hash ? url[..hash] : url;

    private static DialStep ReadDial(XElement dial)
    {
        var destinations = dial.Elements()
            .Where(e => e.Name.LocalName is "Number" or "User")
            .Select(e => e.Value.Trim())
            .ToList();
        if (destinations.Count == 0)
        {
            throw new FormatException("a <Dial> has no <Number> or <User>");
        }
        return new DialStep(
            destinations,
            Url(dial, "action"),
            Method(dial, "method"),
            !string.Equals((string?)dial.Attribute("redirect"), "false", StringComparison.OrdinalIgnoreCase),
            Url(dial, "callbackUrl"),
            Method(dial, "callbackMethod"),
            (string?)dial.Attribute("callerId"));
    }

    private static string? Url(XElement element, string attribute) =>
        (string?)element.Attribute(attribute) is { Length: > 0 } url ? WithoutFragment(url) : null;

    /// <summary>Plivo's default method for every URL attribute is POST.</summary>
    private static string Method(XElement element, string attribute) =>
        ((string?)element.Attribute(attribute))?.ToUpperInvariant() ?? "POST";
}
