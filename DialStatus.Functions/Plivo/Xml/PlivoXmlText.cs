using System.Xml;

namespace DialStatus.Functions.Plivo.Xml;

internal static class PlivoXmlText
{
    /// <summary>True when XML 1.0 can carry <paramref name="value"/> (no control characters, no lone surrogates).</summary>
    public static bool IsValid(string value)
    {
        try
        {
            XmlConvert.VerifyXmlChars(value);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
