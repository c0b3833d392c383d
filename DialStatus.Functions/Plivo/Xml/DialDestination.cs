namespace DialStatus.Functions.Plivo.Xml;

/// <summary>The attributes <c>&lt;Number&gt;</c> and <c>&lt;User&gt;</c> share.</summary>
public abstract class DialDestination : PlivoElement
{
    private protected DialDestination(string name, string address)
        : base(name, string.IsNullOrWhiteSpace(address)
            ? throw new ArgumentException($"<{name}> needs an address.", nameof(address))
            : address)
    {
    }

    /// <summary>DTMF sent once the B leg answers: 0-9, *, #, w (0.5 s) and W (1 s).</summary>
    public string? SendDigits
    {
        get => GetAttribute("sendDigits");
        init => SetAttribute("sendDigits", value is null || value.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or 'w' or 'W' or '@')
            ? value
            : throw new ArgumentException($"{Name} sendDigits may hold only 0-9, *, #, w, W and @.", nameof(SendDigits)));
    }

    public bool? SendOnPreanswer { get => ParseBool(GetAttribute("sendOnPreanswer")); init => SetAttribute("sendOnPreanswer", value); }

    public string? CallerId { get => GetAttribute("callerId"); init => SetAttribute("callerId", value); }

    public string? CallerName { get => GetAttribute("callerName"); init => SetAttribute("callerName", value); }
}

/// <summary><c>&lt;Number&gt;</c>: a phone number with its country code.</summary>
public sealed class Number(string number) : DialDestination("Number", number);

/// <summary><c>&lt;User&gt;</c>: a SIP endpoint such as <c>sip:alice@phone.plivo.com</c>.</summary>
public sealed class User(string sipUri) : DialDestination("User", sipUri)
{
    public string? SipHeaders { get => GetAttribute("sipHeaders"); init => SetAttribute("sipHeaders", value); }
}
