using System.Collections;
using System.Collections.Frozen;
using System.Net;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// The name/value pairs of a Plivo request, in the order they arrived. Names are case-sensitive
/// and may repeat (Plivo's signature covers every value), so this is a list, not a dictionary.
/// </summary>
public sealed class PlivoParameters : IReadOnlyList<KeyValuePair<string, string>>
{
    public static readonly PlivoParameters Empty = new(Array.Empty<KeyValuePair<string, string>>());

    /// <summary>Plivo's own field names, so that a callback's names are shared strings rather than new ones.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownNames =
        PlivoFields.Names.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly KeyValuePair<string, string>[] _pairs;

    public PlivoParameters(IEnumerable<KeyValuePair<string, string>> pairs) => _pairs = [.. pairs];

    /// <summary>Takes <paramref name="pairs"/> as they are: the caller hands over an array it no longer touches.</summary>
    private PlivoParameters(KeyValuePair<string, string>[] pairs) => _pairs = pairs;

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

    /// <summary>
    /// The value of a query parameter the app writes into its own URLs, or null when absent; a 400 when it is sent
    /// more than once, since the app writes it once and a second value could only have been added.
    /// </summary>
    public Result<string?> OnlyValue(string name)
    {
        string? found = null;
        foreach (var pair in _pairs)
        {
            if (!string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                continue;
            }
            if (found is not null)
            {
                return Outcome.BadRequest($"Parameter '{name}' is given more than once; the app's URLs carry it once. Nothing was stored.");
            }
            found = pair.Value;
        }
        return found;
    }

    /// <summary>These parameters without any whose name matches <paramref name="name"/> under <paramref name="comparison"/>.</summary>
    public PlivoParameters Without(string name, StringComparison comparison) =>
        Array.Exists(_pairs, pair => string.Equals(pair.Key, name, comparison))
            ? new PlivoParameters(Array.FindAll(_pairs, pair => !string.Equals(pair.Key, name, comparison)))
            : this;

    /// <summary>The first non-empty value of <paramref name="name"/>, or null.</summary>
    public string? NonEmpty(string name) => this[name] is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Parses <c>application/x-www-form-urlencoded</c> text (a form body, or a query string with or
    /// without its leading <c>?</c>): pieces split on <c>&amp;</c>, empty pieces skipped, each split at its
    /// first <c>=</c>, <c>+</c> read as a space and <c>%XX</c> as UTF-8; a malformed escape stays literal.
    /// </summary>
    public static PlivoParameters ParseUrlEncoded(string? text) => ParseUrlEncoded(text.AsSpan());

    /// <inheritdoc cref="ParseUrlEncoded(string?)"/>
    public static PlivoParameters ParseUrlEncoded(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty && text[0] == '?')
        {
            text = text[1..];
        }

        var count = 0;
        foreach (var range in text.Split('&'))
        {
            count += text[range].IsEmpty ? 0 : 1;
        }
        if (count == 0)
        {
            return Empty;
        }

        var pairs = new KeyValuePair<string, string>[count];
        var next = 0;
        foreach (var range in text.Split('&'))
        {
            var piece = text[range];
            if (piece.IsEmpty)
            {
                continue;
            }
            var equals = piece.IndexOf('=');
            var name = equals < 0 ? piece : piece[..equals];
            var value = equals < 0 ? [] : piece[(equals + 1)..];
            pairs[next++] = new(DecodeName(name), Decode(value));
        }
        return new PlivoParameters(pairs);
    }

    private static string DecodeName(ReadOnlySpan<char> encoded) =>
        KnownNames.TryGetValue(encoded, out var known) ? known : Decode(encoded);

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
