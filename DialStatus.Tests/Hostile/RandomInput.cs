using System.Text;

namespace DialStatus.Tests.Hostile;

/// <summary>Random hostile text with a fixed seed: every run (and CI) sees the same cases.</summary>
public sealed class RandomInput(int seed)
{
    public const int Seed = 20261126;

    /// <summary>Characters that break naive parsers, escapers and key builders.</summary>
    private const string Nasty = "&=+%?#/\\<>\"' \t\r\n;:,.*@[]{}~`|^$!()\u0000\u0001\u001f\u007f\u0085\u00a0\u2028\u00e9\u4e2d\uffff\ufffe";

    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Any UTF-16 text: ASCII, nasty characters, lone surrogates, pairs (emoji).</summary>
    public string Text(int maxLength = 40)
    {
        var length = _random.Next(maxLength + 1);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            switch (_random.Next(6))
            {
                case 0:
                    text.Append(Nasty[_random.Next(Nasty.Length)]);
                    break;
                case 1:
                    text.Append((char)_random.Next(0xD800, 0xE000));
                    break;
                case 2:
                    text.Append(char.ConvertFromUtf32(_random.Next(0x1F600, 0x1F650)));
                    break;
                default:
                    text.Append((char)_random.Next(0x20, 0x7F));
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Text XML 1.0 can carry: no control characters, surrogates only as pairs.</summary>
    public string XmlText(int maxLength = 40)
    {
        var text = new StringBuilder();
        foreach (var rune in Text(maxLength).EnumerateRunes())
        {
            if (rune.Value is 0x9 or 0xA or 0xD || (rune.Value >= 0x20 && rune.Value != 0xFFFE && rune.Value != 0xFFFF && rune != Rune.ReplacementChar))
            {
                text.Append(rune.ToString());
            }
        }
        return text.ToString();
    }

    /// <summary>Text without lone surrogates, as any UTF-8 transport delivers it.</summary>
    public string WellFormedText(int maxLength = 40)
    {
        var text = new StringBuilder();
        foreach (var rune in Text(maxLength).EnumerateRunes())
        {
            if (rune != Rune.ReplacementChar)
            {
                text.Append(rune.ToString());
            }
        }
        return text.ToString();
    }

    public byte[] Bytes(int maxLength, bool exactly = false)
    {
        var bytes = new byte[exactly ? maxLength : _random.Next(maxLength + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }
}
