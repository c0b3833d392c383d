using System.Collections;
using System.Net;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// The name/value pairs of a Plivo request, in the order they arrived. Names are case-sensitive
/// and may repeat (Plivo's signature covers every value), so this is a list, not a dictionary.
/// </summary>
public sealed class PlivoParameters : IReadOnlyList<KeyValuePair<string, string>>
{
    public static readonly PlivoParameters Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    public PlivoParameters(IEnumerable<KeyValuePair<string, string>> pairs) => _pairs = [.. pairs];

    public int Count => _pairs.Length;

    public KeyValuePair<string, string> this[int index] => _pairs[index];

    /// <summary>The first value sent for <paramref name="name"/> (ordinal match), or null when absent.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var pair in _pairs)
            {
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }
            return null;
        }
    }

    /// <summary>The first non-empty value of <paramref name="name"/>, or null.</summary>
    public string? NonEmpty(string name) => this[name] is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Parses <c>application/x-www-form-urlencoded</c> text (a form body, or a query string with or
    /// without its leading <c>?</c>): pieces split on <c>&amp;</c>, empty pieces skipped, each split at its
    /// first <c>=</c>, <c>+</c> read as a space and <c>%XX</c> as UTF-8; a malformed escape stays literal.
    /// </summary>
    public static PlivoParameters ParseUrlEncoded(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var span = text.AsSpan();
        if (span[0] == '?')
        {
            span = span[1..];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var range in span.Split('&'))
        {
            var piece = span[range];
            if (piece.IsEmpty)
            {
                continue;
            }
            var equals = piece.IndexOf('=');
            var name = equals < 0 ? piece : piece[..equals];
            var value = equals < 0 ? [] : piece[(equals + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }
        return new PlivoParameters(pairs);
    }

    private static string Decode(ReadOnlySpan<char> encoded)
    {
        if (encoded.IsEmpty)
        {
            return string.Empty;
        }
        var text = encoded.ToString();
        return encoded.ContainsAny('+', '%') ? WebUtility.UrlDecode(text) : text;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
