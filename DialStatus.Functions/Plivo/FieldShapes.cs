using System.Collections.Frozen;
using System.Reflection;

namespace DialStatus.Functions.Plivo;

/// <summary>
/// The shapes Plivo gives the fields that key or classify a record (docs/plivo.md §3.7), and the check that a
/// request's fields have them. V3 signs POST fields as one run of names and values without separators, so a
/// captured request can be re-split under the same signature (docs/security.md, "Replay and re-splitting"): a
/// keying or classifying field with Plivo's shape cannot swallow its neighbours, and a field whose text holds
/// the name of a missing Plivo field that would sort right after it is refused as a re-split. Free text is kept
/// verbatim. An empty value counts as an absent field.
/// </summary>
public static class FieldShapes
{
    /// <summary>A PHLO node's name, as <c>?node=</c>: letters, digits, <c>_</c> and <c>-</c>, at most this long.</summary>
    public const int MaxNodeLength = 64;

    /// <summary>Longer than any value Plivo sends in a worded field; bounds what a refusal echoes, too.</summary>
    private const int MaxWordLength = 32;

    private enum Shape
    {
        Uuid,
        LowerCaseWords,
        Letters,
        DtmfPattern,
        NodeName,
    }

    private static readonly (string Field, Shape Shape)[] Checked =
    [
        (PlivoFields.CallUuid, Shape.Uuid),
        (PlivoFields.DialALegUuid, Shape.Uuid),
        (PlivoFields.DialBLegUuid, Shape.Uuid),
        (PlivoFields.ALegUuid, Shape.Uuid),
        (PlivoFields.RequestUuid, Shape.Uuid),
        (PlivoFields.ALegRequestUuid, Shape.Uuid),
        (PlivoFields.DialStatus, Shape.LowerCaseWords),
        (PlivoFields.DialAction, Shape.LowerCaseWords),
        (PlivoFields.CallStatus, Shape.LowerCaseWords),
        (PlivoFields.Direction, Shape.LowerCaseWords),
        (PlivoFields.Event, Shape.Letters),
        (PlivoFields.DialDigitsPressedBy, Shape.Letters),
        (PlivoFields.DialDigitsMatch, Shape.DtmfPattern),
    ];

    /// <summary>Plivo's own field names, ordinal order: the names a re-split could swallow.</summary>
    private static readonly string[] KnownNames =
        [.. typeof(PlivoFields).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string) && field.Name != nameof(PlivoFields.HangupEvent))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)];

    private static readonly FrozenSet<string> KnownNameSet = KnownNames.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The fields of a request Plivo signed, when every keying and classifying field has Plivo's shape, appears at
    /// most once, and no field swallowed a missing one; otherwise a 400 naming the field.
    /// </summary>
    public static Result<PlivoParameters> CheckSigned(PlivoParameters fields)
    {
        if (!Check(fields).TryGet(out _, out var refused))
        {
            return refused;
        }
        // Plivo's field names, its custom X-PH- and SIP-H- headers included, start with an upper-case letter; a name
        // that does not was cut out of a value.
        if (fields.FirstOrDefault(field => field.Key.Length == 0 || !char.IsAsciiLetterUpper(field.Key[0])) is { Key: { } oddName })
        {
            var shown = oddName.Length <= 40 ? oddName : oddName[..40] + "…";
            return Outcome.BadRequest($"Field name '{shown}' is not one Plivo sends: Plivo's names start with an upper-case letter. Nothing was stored.");
        }
        return FindSwallowedName(fields) is { } swallowed
            ? Outcome.BadRequest($"Field '{swallowed.Field}' holds '{swallowed.Name}', the name of a field this request lacks: a signed request cannot be re-split. Nothing was stored.")
            : fields;
    }

    /// <summary>The fields of a request authorised another way (a PHLO node's): the shapes, and the node's name.</summary>
    public static Result<PlivoParameters> CheckUnsigned(PlivoParameters fields, string nodeParameter)
    {
        if (!Check(fields).TryGet(out _, out var refused))
        {
            return refused;
        }
        return fields.NonEmpty(nodeParameter) is { } node && !Has(Shape.NodeName, node)
            ? Refuse(nodeParameter, Shape.NodeName, node)
            : fields;
    }

    private static Result<PlivoParameters> Check(PlivoParameters fields)
    {
        foreach (var (field, shape) in Checked)
        {
            string? first = null;
            for (var i = 0; i < fields.Count; i++)
            {
                var (name, value) = fields[i];
                if (value.Length == 0 || !string.Equals(name, field, StringComparison.Ordinal))
                {
                    continue;
                }
                if (!Has(shape, value))
                {
                    return Refuse(field, shape, value);
                }
                if (first is not null && first != value)
                {
                    return Outcome.BadRequest($"Field '{field}' is sent twice with different values; Plivo sends it once. Nothing was stored.");
                }
                first = value;
            }
        }
        return fields;
    }

    private static bool Has(Shape shape, string value) => shape switch
    {
        Shape.Uuid => value.Length == 36 && Guid.TryParseExact(value, "D", out _),
        Shape.LowerCaseWords => IsPlivoWord(value),
        Shape.Letters => value.Length <= MaxWordLength && value.All(char.IsAsciiLetter),
        Shape.DtmfPattern => value.Length <= MaxWordLength && value.All(c => char.IsAsciiDigit(c) || c is '*' or '#'),
        _ => value.Length <= MaxNodeLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'),
    };

    /// <summary>Lower-case ASCII words joined by single hyphens, as Plivo's statuses are: <c>no-answer</c>, <c>in-progress</c>.</summary>
    public static bool IsPlivoWord(string value) => value.Length <= MaxWordLength && IsWords(value);

    private static bool IsWords(string value)
    {
        var previousWasLetter = false;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterLower(c))
            {
                previousWasLetter = true;
            }
            else if (c == '-' && previousWasLetter)
            {
                previousWasLetter = false;
            }
            else
            {
                return false;
            }
        }
        return previousWasLetter;
    }

    private static Outcome.Refused Refuse(string field, Shape shape, string value)
    {
        var expected = shape switch
        {
            Shape.Uuid => "a UUID (8-4-4-4-12 hexadecimal digits)",
            Shape.LowerCaseWords => $"lower-case words joined by hyphens (at most {MaxWordLength} characters)",
            Shape.Letters => $"letters only (at most {MaxWordLength})",
            Shape.DtmfPattern => "DTMF digits 0-9, * and #",
            _ => $"letters, digits, _ and - (at most {MaxNodeLength})",
        };
        var shown = value.Length <= 40 ? value : value[..40] + "…";
        return Outcome.BadRequest($"Field '{field}' must be {expected}, as Plivo sends it, not '{shown}'. Nothing was stored.");
    }

    /// <summary>
    /// Signing concatenates the fields in ordinal order of their names. A re-split keeps that text but leaves some
    /// Plivo field missing whose name still stands in it where the field sorted: every field that ends before the
    /// name sorts before it, every field that starts after it sorts after it, and the fields across the name are
    /// what the re-split made of it. Finds such a name, and a field it now hides in. A name that only happens to
    /// occur inside a value sits among fields that sort on both sides of it, and is left alone.
    /// </summary>
    private static (string Field, string Name)? FindSwallowedName(PlivoParameters fields)
    {
        var sorted = fields.OrderBy(field => field.Key, StringComparer.Ordinal).ThenBy(field => field.Value, StringComparer.Ordinal).ToArray();
        var starts = new int[sorted.Length + 1];
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < sorted.Length; i++)
        {
            starts[i] = text.Length;
            text.Append(sorted[i].Key).Append(sorted[i].Value);
        }
        starts[sorted.Length] = text.Length;
        var signed = text.ToString();
        var present = sorted.Select(field => field.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var name in KnownNames.Where(name => !present.Contains(name)))
        {
            for (var at = signed.IndexOf(name, StringComparison.Ordinal); at >= 0; at = signed.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                // Fields [0, hiderFirst) end before the name; fields [afterName, n) start after it. A name inside
                // another Plivo name (HangupCause in HangupCauseName) is that field's own, not a re-split.
                var hiderFirst = FieldAt(starts, at);
                var afterName = FieldAt(starts, at + name.Length - 1) + 1;
                var insideOwnName = afterName == hiderFirst + 1 && at + name.Length <= starts[hiderFirst] + sorted[hiderFirst].Key.Length
                    && KnownNameSet.Contains(sorted[hiderFirst].Key);
                if (!insideOwnName && (hiderFirst == 0 || string.CompareOrdinal(sorted[hiderFirst - 1].Key, name) < 0)
                    && (afterName == sorted.Length || string.CompareOrdinal(sorted[afterName].Key, name) > 0))
                {
                    return (sorted[hiderFirst].Key, name);
                }
            }
        }
        return null;
    }

    /// <summary>The field whose text holds position <paramref name="at"/> of the signed text.</summary>
    private static int FieldAt(int[] starts, int at)
    {
        var index = Array.BinarySearch(starts, at);
        return index >= 0 ? index : ~index - 1;
    }
}
