namespace DialStatus.Functions.Plivo;

/// <summary>
/// A POST's form fields as Plivo's V3 signature joins them: sorted by name, then by value (ordinal UTF-16), each
/// name immediately followed by its value, with no separator (docs/plivo.md §4.2). Built once per request: the
/// signature check hashes this text, and the re-split checks (<see cref="FieldShapes"/>) search the same text
/// through the offsets where each field starts.
/// </summary>
internal sealed class SignedFields
{
    public static readonly SignedFields Empty = new([]);

    public SignedFields(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var sorted = new KeyValuePair<string, string>[fields.Count];
        var length = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = fields[i];
            length += fields[i].Key.Length + fields[i].Value.Length;
        }
        Array.Sort(sorted, static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var starts = new int[sorted.Length + 1];
        for (var i = 0; i < sorted.Length; i++)
        {
            starts[i + 1] = starts[i] + sorted[i].Key.Length + sorted[i].Value.Length;
        }
        Sorted = sorted;
        Starts = starts;
        Text = string.Create(length, sorted, static (text, fields) =>
        {
            var at = 0;
            foreach (var (name, value) in fields)
            {
                name.CopyTo(text[at..]);
                at += name.Length;
                value.CopyTo(text[at..]);
                at += value.Length;
            }
        });
    }

    /// <summary>The fields in signing order.</summary>
    public KeyValuePair<string, string>[] Sorted { get; }

    /// <summary>Where each field starts in <see cref="Text"/>, and its end as the last element.</summary>
    public int[] Starts { get; }

    /// <summary>Every name followed by its value, in signing order.</summary>
    public string Text { get; }

    /// <summary>The index of the field whose text holds position <paramref name="at"/>.</summary>
    public int FieldAt(int at)
    {
        var index = Array.BinarySearch(Starts, at);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Whether a field starts at <paramref name="at"/>, or the text ends there.</summary>
    public bool IsFieldBoundary(int at) => Array.BinarySearch(Starts, at) >= 0;
}
