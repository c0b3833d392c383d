using System.Text;
using System.Xml;

namespace DialStatus.Functions.Plivo.Xml;

/// <summary>The root <c>&lt;Response&gt;</c> of a Plivo XML document.</summary>
internal sealed class PlivoResponse : PlivoElement
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        // Entitize keeps CR/LF/TAB in values exactly as given (&#xD; &#xA; &#x9;) instead of normalising them.
        NewLineHandling = NewLineHandling.Entitize,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    /// <summary>The largest XML document Plivo takes in reply to a request: 100 KB (docs/plivo.md §5).</summary>
    public const int MaxDocumentBytes = 100_000;

    public PlivoResponse()
        : base("Response")
    {
    }

    public PlivoResponse Add(PlivoElement element)
    {
        AddChild(element);
        return this;
    }

    protected override bool CanContain(PlivoElement child) => child is Dial or Speak or Hangup;

    /// <summary>The document as Plivo reads it: no XML declaration, no whitespace between elements.</summary>
    public string ToXml()
    {
        var text = new StringBuilder(256);
        using (var writer = XmlWriter.Create(text, WriterSettings))
        {
            WriteTo(writer);
        }
        return text.ToString();
    }

    public override string ToString() => ToXml();
}
