namespace DialStatus.Functions.Plivo.Xml;

/// <summary><c>&lt;Dial&gt;</c>: connects the caller to one or more <see cref="Number"/> or <see cref="User"/> destinations.</summary>
public sealed class Dial : PlivoElement
{
    public const int MaxCallerNameLength = 50;

    public Dial()
        : base("Dial")
    {
    }

    /// <summary>Requested when the Dial ends, with DialStatus and the leg UUIDs.</summary>
    public string? Action { get => GetAttribute("action"); init => SetAbsoluteUrl("action", value); }

    public string? Method { get => GetAttribute("method"); init => SetMethod("method", value); }

    /// <summary>True (Plivo's default): the action URL's XML replaces the rest of this document.</summary>
    public bool? Redirect { get => ParseBool(GetAttribute("redirect")); init => SetAttribute("redirect", value); }

    public int? Timeout { get => ParseInt(GetAttribute("timeout")); init => SetAttribute("timeout", value, minimum: 1); }

    public int? TimeLimit { get => ParseInt(GetAttribute("timeLimit")); init => SetAttribute("timeLimit", value, minimum: 1); }

    public bool? HangupOnStar { get => ParseBool(GetAttribute("hangupOnStar")); init => SetAttribute("hangupOnStar", value); }

    public string? CallerId { get => GetAttribute("callerId"); init => SetAttribute("callerId", value); }

    public string? CallerName
    {
        get => GetAttribute("callerName");
        init => SetAttribute("callerName", value is { Length: > MaxCallerNameLength }
            ? throw new ArgumentException($"Dial callerName must be at most {MaxCallerNameLength} characters.", nameof(CallerName))
            : value);
    }

    public string? ConfirmSound { get => GetAttribute("confirmSound"); init => SetAbsoluteUrl("confirmSound", value); }

    public string? ConfirmKey
    {
        get => GetAttribute("confirmKey");
        init => SetAttribute("confirmKey", value is null or { Length: 1 } && (value is null || "0123456789#*".Contains(value[0]))
            ? value
            : throw new ArgumentException("Dial confirmKey must be one of 0-9, # or *.", nameof(ConfirmKey)));
    }

    public int? ConfirmTimeout { get => ParseInt(GetAttribute("confirmTimeout")); init => SetAttribute("confirmTimeout", value, minimum: 1); }

    /// <summary>An absolute URL returning Play/Speak/Wait XML, or <c>real</c> for the carrier's ringback.</summary>
    public string? DialMusic
    {
        get => GetAttribute("dialMusic");
        init
        {
            if (value == "real")
            {
                SetAttribute("dialMusic", value);
            }
            else
            {
                SetAbsoluteUrl("dialMusic", value);
            }
        }
    }

    /// <summary>Receives live B-leg events (answer, connected, digits, hangup).</summary>
    public string? CallbackUrl { get => GetAttribute("callbackUrl"); init => SetAbsoluteUrl("callbackUrl", value); }

    public string? CallbackMethod { get => GetAttribute("callbackMethod"); init => SetMethod("callbackMethod", value); }

    public string? DigitsMatch { get => GetAttribute("digitsMatch"); init => SetAttribute("digitsMatch", value); }

    public string? DigitsMatchBLeg { get => GetAttribute("digitsMatchBLeg"); init => SetAttribute("digitsMatchBLeg", value); }

    /// <summary><c>k1=v1,k2=v2</c>, sent to the B leg as <c>X-PH-</c> headers.</summary>
    public string? SipHeaders { get => GetAttribute("sipHeaders"); init => SetAttribute("sipHeaders", value); }

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
