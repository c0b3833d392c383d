using System.Security.Cryptography;
using System.Text;

namespace DialStatus.Functions.Storage;

/// <summary>
/// Makes any text safe as a PartitionKey or RowKey. Table Storage forbids <c>/ \ # ?</c> and control
/// characters in keys; those (and <c>%</c>, so the mapping stays one-to-one) are written as <c>%XX</c>.
/// Keys are limited to 1 KiB, so over-long input is shortened and a hash of the whole appended.
/// </summary>
internal static class TableKeys
{
    /// <summary>One encoded part: leaves room under the 1 KiB (512 UTF-16 units) key limit to compose keys of parts.</summary>
    private const int MaxEncodedLength = 200;

    /// <summary>A whole composed key (parts already encoded): safely under the 512 UTF-16 units Table Storage allows.</summary>
    private const int MaxKeyLength = 400;

    public static string Encode(string value) =>
        Shorten(NeedsEscaping(value) ? Escape(value) : value, value, MaxEncodedLength);

    /// <summary>Keeps a key composed of encoded parts within Table Storage's limit, shortening it the same way.</summary>
    public static string Bound(string key) => Shorten(key, key, MaxKeyLength);

    private static string Shorten(string encoded, string original, int maxLength)
    {
        if (encoded.Length <= maxLength)
        {
            return encoded;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(original)));
        var keep = maxLength - hash.Length - 1;
        if (char.IsHighSurrogate(encoded[keep - 1]))
        {
            keep--; // never leave half a surrogate pair in the key
        }
        return string.Concat(encoded.AsSpan(0, keep), "~", hash);
    }

    private static bool NeedsEscaping(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (MustEscape(value, i))
            {
                return true;
            }
        }
        return false;
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            if (MustEscape(value, i))
            {
                builder.Append('%').Append(((int)value[i]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(value[i]);
            }
        }
        return builder.ToString();
    }

    /// <summary>Forbidden characters, <c>%</c>, and surrogates that are not half of a pair (UTF-8 cannot carry them).</summary>
    private static bool MustEscape(string value, int index)
    {
        var c = value[index];
        if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
        {
            return true;
        }
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]);
        }
        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(value[index - 1]));
    }
}
