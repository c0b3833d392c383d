using System.Globalization;
using System.Xml;

namespace DialStatus.Functions.Plivo.Xml;

/// <summary>
/// One Plivo XML element. Attributes keep the order they were set in, as Plivo's SDKs write
/// them; values are checked when set, so a document that exists can always be written.
/// </summary>
internal abstract class PlivoElement
{
    private List<KeyValuePair<string, string>>? _attributes;
    private List<PlivoElement>? _children;

    protected PlivoElement(string name, string? text = null)
    {
        Name = name;
        if (text is not null)
        {
            Text = CheckText(text, "text");
        }
    }

    public string Name { get; }

    public string? Text { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Attributes => _attributes ?? [];

    public IReadOnlyList<PlivoElement> Children => _children ?? [];

    /// <summary>Adds the attribute unless <paramref name="value"/> is null: each is an init-only property, set at most once.</summary>
    protected void SetAttribute(string name, string? value)
    {
        if (value is not null)
        {
            (_attributes ??= []).Add(new KeyValuePair<string, string>(name, CheckText(value, name)));
        }
    }

    /// <summary>Plivo wants lowercase booleans; <c>bool.ToString()</c> would write <c>True</c>.</summary>
    protected void SetAttribute(string name, bool? value) => SetAttribute(name, value switch { true => "true", false => "false", null => null });

    protected void SetAttribute(string name, int? value, int minimum)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{Name} {name} must be at least {minimum}.");
        }
        SetAttribute(name, value?.ToString(CultureInfo.InvariantCulture));
    }

    protected void SetMethod(string name, string? value)
    {
        if (value is not (null or "GET" or "POST"))
        {
            throw new ArgumentException($"{Name} {name} must be GET or POST, not '{value}'.", name);
        }
        SetAttribute(name, value);
    }

    protected void SetAbsoluteUrl(string name, string? value)
    {
        if (value is not null && !IsAbsoluteHttpUrl(value))
        {
            throw new ArgumentException($"{Name} {name} must be an absolute http(s) URL, not '{value}'.", name);
        }
        SetAttribute(name, value);
    }

    protected static string RequireAddress(string element, string address) =>
        string.IsNullOrWhiteSpace(address) ? throw new ArgumentException($"<{element}> needs an address.", nameof(address)) : address;

    private static bool IsAbsoluteHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    protected void AddChild(PlivoElement child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (!CanContain(child))
        {
            throw new ArgumentException($"Plivo does not allow <{child.Name}> inside <{Name}>.", nameof(child));
        }
        (_children ??= []).Add(child);
    }

    protected virtual bool CanContain(PlivoElement child) => false;

    /// <summary>Checks rules that span children, such as a Dial needing a destination.</summary>
    protected virtual void CheckComplete()
    {
    }

    internal void WriteTo(XmlWriter writer)
    {
        CheckComplete();
        writer.WriteStartElement(Name);
        foreach (var (name, value) in Attributes)
        {
            writer.WriteAttributeString(name, value);
        }
        if (Text is not null)
        {
            writer.WriteString(Text);
        }
        foreach (var child in Children)
        {
            child.WriteTo(writer);
        }
        writer.WriteEndElement();
    }

    private string CheckText(string value, string what) =>
        PlivoXmlText.IsValid(value)
            ? value
            : throw new ArgumentException($"{Name} {what} contains characters that XML cannot carry.", what);
}
