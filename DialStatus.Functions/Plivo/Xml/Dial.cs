namespace DialStatus.Functions.Plivo.Xml;

/// <summary><c>&lt;Dial&gt;</c>: connects the caller to one or more <see cref="Number"/> or <see cref="User"/> destinations.</summary>
internal sealed class Dial : PlivoElement
{
    // Its attributes are written once and never read back: the app writes Plivo XML, it does not parse it.
    public const int MaxCallerNameLength = 50;

    public Dial()
        : base("Dial")
    {
    }

    /// <summary>Requested when the Dial ends, with DialStatus and the leg UUIDs.</summary>
    public string? Action { init => SetAbsoluteUrl("action", value); }

    public string? Method { init => SetMethod("method", value); }

    /// <summary>True (Plivo's default): the action URL's XML replaces the rest of this document.</summary>
    public bool? Redirect { init => SetAttribute("redirect", value); }

    public int? Timeout { init => SetAttribute("timeout", value, minimum: 1); }

    public int? TimeLimit { init => SetAttribute("timeLimit", value, minimum: 1); }

    public bool? HangupOnStar { init => SetAttribute("hangupOnStar", value); }

    public string? CallerId { init => SetAttribute("callerId", value); }

    public string? CallerName
    {
        init => SetAttribute("callerName", value is { Length: > MaxCallerNameLength }
            ? throw new ArgumentException($"Dial callerName must be at most {MaxCallerNameLength} characters.", nameof(CallerName))
            : value);
    }

    /// <summary>Receives live B-leg events (answer, connected, digits, hangup).</summary>
    public string? CallbackUrl { init => SetAbsoluteUrl("callbackUrl", value); }

    public string? CallbackMethod { init => SetMethod("callbackMethod", value); }

    public Dial Add(Number number)
    {
        AddChild(number);
        return this;
    }

    public Dial Add(User user)
    {
        AddChild(user);
        return this;
    }

    protected override bool CanContain(PlivoElement child) => child is Number or User;

    protected override void CheckComplete()
    {
        if (Children.Count == 0)
        {
            throw new InvalidOperationException("A Plivo <Dial> must contain at least one <Number> or <User>.");
        }
    }
}

/// <summary><c>&lt;Number&gt;</c>: a phone number with its country code.</summary>
internal sealed class Number(string number) : PlivoElement("Number", RequireAddress("Number", number));

/// <summary><c>&lt;User&gt;</c>: a SIP endpoint such as <c>sip:alice@phone.plivo.com</c>.</summary>
internal sealed class User(string sipUri) : PlivoElement("User", RequireAddress("User", sipUri));
