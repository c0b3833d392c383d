using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace DialStatus.Functions.Pages;

/// <summary>
/// Writes an HTML document in which every value is encoded. Text and attribute values always go through the
/// HTML encoder, whatever they hold; element and attribute names are this app's own constants and are checked
/// to be plain names. Nothing a caller or carrier sent can therefore become markup. The only text written as it
/// is is the document's fixed frame: the doctype and <see cref="PageStyle.Css"/>.
/// </summary>
internal sealed class HtmlWriter
{
    /// <summary>Encodes <c>&lt; &gt; &amp; " '</c> and the like, and leaves the rest of Unicode readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly HashSet<string> VoidElements = ["meta", "input"];

    private readonly StringBuilder _html = new();
    private readonly Stack<string> _open = new();

    private HtmlWriter()
    {
    }

    /// <summary>A whole page: <paramref name="writeBody"/> writes what goes into its body.</summary>
    public static string Document(string title, Action<HtmlWriter> writeBody)
    {
        var html = new HtmlWriter();
        html._html.Append("<!DOCTYPE html>");
        using (html.Open("html", ("lang", "en")))
        {
            using (html.Open("head"))
            {
                html.Empty("meta", ("charset", "utf-8"));
                html.Empty("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
                html.Element("title", title);
                // The one inline style sheet, allowed by its hash in the Content-Security-Policy.
                html._html.Append("<style>").Append(PageStyle.Css).Append("</style>");
            }
            using (html.Open("body"))
            {
                writeBody(html);
            }
        }
        if (html._open.Count != 0)
        {
            throw new InvalidOperationException($"Element <{html._open.Peek()}> was left open.");
        }
        return html._html.ToString();
    }

    /// <summary>Starts an element that the returned scope ends. Attributes with a null value are left out.</summary>
    public Scope Open(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        WriteStartTag(tag, attributes);
        _open.Push(tag);
        return new Scope(this, _open.Count);
    }

    /// <summary>An element holding only text (none when null).</summary>
    public void Element(string tag, string? text, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        WriteStartTag(tag, attributes);
        Text(text);
        _html.Append("</").Append(tag).Append('>');
    }

    /// <summary>
    /// An HTML void element (meta, input): no content and no end tag. Only those: inside SVG an element without
    /// an end tag would swallow everything after it, so an empty SVG element is an <see cref="Element"/> without text.
    /// </summary>
    public void Empty(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        if (!VoidElements.Contains(tag))
        {
            throw new ArgumentException($"<{tag}> is not an HTML void element.", nameof(tag));
        }
        WriteStartTag(tag, attributes);
    }

    public void Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _html.Append(Encoder.Encode(text));
        }
    }

    private void WriteStartTag(string tag, ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        _html.Append('<').Append(CheckedName(tag));
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                _html.Append(' ').Append(CheckedName(name)).Append("=\"").Append(Encoder.Encode(value)).Append('"');
            }
        }
        _html.Append('>');
    }

    private void Close(int depth)
    {
        if (_open.Count != depth)
        {
            throw new InvalidOperationException($"Element <{_open.Peek()}> was left open inside another.");
        }
        _html.Append("</").Append(_open.Pop()).Append('>');
    }

    /// <summary>Element and attribute names are constants of this app: a name that is not a plain one is a bug, never output.</summary>
    private static string CheckedName(string name)
    {
        var plain = name.Length > 0 && char.IsAsciiLetter(name[0]);
        foreach (var c in name)
        {
            plain &= char.IsAsciiLetterOrDigit(c) || c == '-';
        }
        return plain ? name : throw new ArgumentException($"'{name}' is not an element or attribute name this app writes.", nameof(name));
    }

    /// <summary>Ends the element <see cref="Open"/> started.</summary>
    public readonly struct Scope(HtmlWriter writer, int depth) : IDisposable
    {
        public void Dispose() => writer.Close(depth);
    }
}
