using System.Security.Cryptography;
using System.Text;

namespace DialStatus.Functions.Storage;

/// <summary>
/// Makes any text safe as a PartitionKey or RowKey. Table Storage forbids <c>/ \ # ?</c> and control
/// characters in keys; those (and <c>%</c>, so the mapping stays one-to-one) are written as <c>%XX</c>.
/// Keys are limited to 1 KiB, so over-long input is shortened and a hash of the whole appended.
/// </summary>
public static class TableKeys
{
    /// <summary>Leaves room under the 1 KiB (512 UTF-16 units) key limit for a suffix the caller appends.</summary>
    private const int MaxEncodedLength = 200;

    public static string Encode(string value)
    {
        var needsEscaping = false;
        foreach (var c in value)
        {
            if (MustEscape(c))
            {
                needsEscaping = true;
                break;
            }
        }

        var encoded = value;
        if (needsEscaping)
        {
            var builder = new StringBuilder(value.Length + 16);
            foreach (var c in value)
            {
                if (MustEscape(c))
                {
                    builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }
            encoded = builder.ToString();
        }

        if (encoded.Length <= MaxEncodedLength)
        {
            return encoded;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return string.Concat(encoded.AsSpan(0, MaxEncodedLength - hash.Length - 1), "~", hash);
    }

    private static bool MustEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c);
}
