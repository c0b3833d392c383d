namespace DialStatus.Functions.Plivo;

/// <summary>
/// The shapes Plivo gives the fields that key or classify a record (docs/plivo.md §3.7), and the check that a
/// request's fields have them. V3 signs POST fields as one run of names and values without separators, so a
/// captured request can be re-split under the same signature (docs/security.md, "Replay and re-splitting"): a
/// keying or classifying field with Plivo's shape cannot swallow its neighbours, and a field whose text holds
/// the name of a missing Plivo field that would sort right after it is refused as a re-split. Free text is kept
/// verbatim. An empty value counts as an absent field.
/// </summary>
internal static class FieldShapes
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

    /// <summary>
    /// The form of a POST Plivo signed, when every keying and classifying field has Plivo's shape, appears at
    /// most once, and no field swallowed a missing one; otherwise a 400 naming the field.
    /// </summary>
    public static Result<SignedFields> CheckSignedBody(SignedFields body)
    {
        if (CheckShapes(body.Sorted) is { } refused)
        {
            return refused;
        }
        // Plivo's field names, its custom X-PH- and SIP-H- headers included, start with an upper-case letter; a name
        // that does not was cut out of a value.
        // Refusals name Plivo's fields and never echo request text: it may hold phone numbers, and reasons are logged.
        if (Array.Exists(body.Sorted, static field => field.Key.Length == 0 || !char.IsAsciiLetterUpper(field.Key[0])))
        {
            return Outcome.BadRequest("A field name does not start with an upper-case letter, as all of Plivo's do: a signed request cannot be re-split. Nothing was stored.");
        }
        if (FindCutValue(body) is { } cut)
        {
            return Outcome.BadRequest($"Field '{cut}' ends where a field name Plivo does not send begins, and its value goes on in it: a signed request cannot be re-split. Nothing was stored.");
        }
        return FindSwallowedName(body) is { } swallowed
            ? Outcome.BadRequest($"{Describe(swallowed.Field)} holds '{swallowed.Name}' and its value, a field this request lacks: a signed request cannot be re-split. Nothing was stored.")
            : body;
    }

    // Only names the app knows are echoed: any other name is request text.
    private static string Describe(string field) => PlivoFields.Names.Contains(field) ? $"Field '{field}'" : "A field (a custom header, or unknown)";

    /// <summary>The fields of a request authorised another way (a PHLO node's): the shapes, and the node's name.</summary>
    public static Result<PlivoParameters> CheckUnsigned(PlivoParameters fields, string nodeParameter)
    {
        if (CheckShapes(fields) is { } refused)
        {
            return refused;
        }
        if (!fields.OnlyValue(nodeParameter).TryGet(out var node, out var repeated))
        {
            return repeated;
        }
        return node is { Length: > 0 } && !Has(Shape.NodeName, node)
            ? Refuse(nodeParameter, Shape.NodeName)
            : fields;
    }

    /// <summary>
    /// Null when every keying and classifying field has Plivo's shape and appears at most once; otherwise a 400 naming
    /// the field. All a GET's fields need: its signed text keeps the separators a POST body's lacks.
    /// </summary>
    public static Outcome.Refused? CheckShapes(IReadOnlyList<KeyValuePair<string, string>> fields)
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
                    return Refuse(field, shape);
                }
                if (first is not null && first != value)
                {
                    return Outcome.BadRequest($"Field '{field}' is sent twice with different values; Plivo sends it once. Nothing was stored.");
                }
                first = value;
            }
        }
        return null;
    }

    private static bool Has(Shape shape, ReadOnlySpan<char> value) => shape switch
    {
        Shape.Uuid => value.Length == 36 && Guid.TryParseExact(value, "D", out _),
        Shape.LowerCaseWords => IsPlivoWord(value),
        Shape.Letters => value.Length <= MaxWordLength && !value.ContainsAnyExcept(AsciiLetters),
        Shape.DtmfPattern => value.Length <= MaxWordLength && !value.ContainsAnyExcept(DtmfCharacters),
        _ => value.Length <= MaxNodeLength && !value.ContainsAnyExcept(NodeNameCharacters),
    };

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly System.Buffers.SearchValues<char> DtmfCharacters = System.Buffers.SearchValues.Create("0123456789*#");

    private static readonly System.Buffers.SearchValues<char> NodeNameCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Lower-case ASCII words joined by single hyphens, as Plivo's statuses are: <c>no-answer</c>, <c>in-progress</c>.</summary>
    public static bool IsPlivoWord(ReadOnlySpan<char> value) => value.Length <= MaxWordLength && IsWords(value);

    private static bool IsWords(ReadOnlySpan<char> value)
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

    private static Outcome.Refused Refuse(string field, Shape shape)
    {
        var expected = shape switch
        {
            Shape.Uuid => "a UUID (8-4-4-4-12 hexadecimal digits)",
            Shape.LowerCaseWords => $"lower-case words joined by hyphens (at most {MaxWordLength} characters)",
            Shape.Letters => $"letters only (at most {MaxWordLength})",
            Shape.DtmfPattern => "DTMF digits 0-9, * and #",
            _ => $"letters, digits, _ and - (at most {MaxNodeLength})",
        };
        return Outcome.BadRequest($"Field '{field}' must be {expected}, as Plivo sends it. Nothing was stored.");
    }

    /// <summary>
    /// Signing concatenates the fields in ordinal order of their names. A re-split that removes a keying or
    /// classifying field keeps its name and value in that text, exactly where the field sorted: every field that
    /// ends before the name sorts before it, every field that starts after it sorts after it, the fields across it
    /// are what the re-split made of it, and the name is followed by a value of the field's shape that ends where a
    /// field does (docs/plivo.md §3.7). Finds such a name, and a field it now hides in.
    /// A name that only happens to occur in free text fails one of these (its place, or what follows it).
    /// </summary>
    private static (string Field, string Name)? FindSwallowedName(SignedFields body)
    {
        var (sorted, starts, signed) = (body.Sorted, body.Starts, body.Text);
        foreach (var (name, shape) in Checked)
        {
            // An empty value counts as absent, so an emptied field is looked for too, with its value now elsewhere.
            if (HasValue(sorted, name))
            {
                continue;
            }
            for (var at = signed.IndexOf(name, StringComparison.Ordinal); at >= 0; at = signed.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                // Fields [0, hiderFirst) end before the name; fields [afterName, n) start after it. A name inside
                // another Plivo name (ALegUUID in DialALegUUID) is that field's own, not a re-split.
                var hiderFirst = body.FieldAt(at);
                var afterName = body.FieldAt(at + name.Length - 1) + 1;
                var hider = sorted[hiderFirst].Key;
                var insideOwnName = afterName == hiderFirst + 1 && at + name.Length <= starts[hiderFirst] + hider.Length
                    && hider != name && PlivoFields.Names.Contains(hider);
                // The field itself, sent empty: only a value of its shape right after its name gives a re-split away.
                var emptied = hider == name;
                if (!insideOwnName
                    && (hiderFirst == 0 || string.CompareOrdinal(sorted[hiderFirst - 1].Key, name) < 0)
                    && (afterName == sorted.Length || string.CompareOrdinal(sorted[afterName].Key, name) > 0)
                    && IsFollowedByItsValue(body, at + name.Length, shape, allowNoValue: !emptied))
                {
                    return (hider, name);
                }
            }
        }
        return null;
    }

    /// <summary>
    /// A keying or classifying field whose value was cut short, its rest made the start of the next field's name
    /// (<c>Event=Dial</c> and <c>HangupFrom=…</c> from <c>Event=DialHangup</c> and <c>From=…</c>): the next name is
    /// not one Plivo sends, and the value running on into it is one of the field's shape followed by a field.
    /// </summary>
    private static string? FindCutValue(SignedFields body)
    {
        var (sorted, starts, signed) = (body.Sorted, body.Starts, body.Text);
        for (var i = 0; i + 1 < sorted.Length; i++)
        {
            var (name, _) = sorted[i];
            var check = CheckOf(name);
            if (check < 0 || IsPlivoSentName(sorted[i + 1].Key))
            {
                continue;
            }
            var valueStart = starts[i] + name.Length;
            for (var end = starts[i + 1] + 1; end <= Math.Min(signed.Length, valueStart + 36); end++)
            {
                if (Has(Checked[check].Shape, signed.AsSpan(valueStart, end - valueStart)) && IsFollowedByAField(body, end))
                {
                    return name;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Whether the signed text at <paramref name="from"/> starts with a value of <paramref name="shape"/> (or none) followed by
    /// what follows a field in Plivo's text: the end, a field of this request, or the name of a field Plivo sends. A
    /// value followed by anything else (<c>sip:EventsTeam@…</c>) is text, not a field.
    /// </summary>
    private static bool IsFollowedByItsValue(SignedFields body, int from, Shape shape, bool allowNoValue)
    {
        // No value, when allowed: a field Plivo sent empty (DialBLegUUID when nobody answered) leaves just its name.
        for (var end = allowNoValue ? from : from + 1; end <= Math.Min(body.Text.Length, from + 36); end++)
        {
            if (IsFollowedByAField(body, end) && (end == from || Has(shape, body.Text.AsSpan(from, end - from))))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether position <paramref name="at"/> of the signed text is the end, a field's start, or a name Plivo sends.</summary>
    private static bool IsFollowedByAField(SignedFields body, int at)
    {
        if (body.IsFieldBoundary(at))
        {
            return true;
        }
        var text = body.Text.AsSpan(at);
        if (text.StartsWith(PlivoFields.CustomHeaderPrefix, StringComparison.Ordinal) || text.StartsWith(PlivoFields.InboundSipHeaderPrefix, StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var name in PlivoFields.Names)
        {
            if (text.StartsWith(name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasValue(KeyValuePair<string, string>[] fields, string name)
    {
        foreach (var (key, value) in fields)
        {
            if (value.Length > 0 && key == name)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The index of <paramref name="field"/>'s shape in <see cref="Checked"/>, or -1 for a field whose shape is free.</summary>
    private static int CheckOf(string field)
    {
        for (var i = 0; i < Checked.Length; i++)
        {
            if (Checked[i].Field == field)
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsPlivoSentName(string name) =>
        PlivoFields.Names.Contains(name)
        || name.StartsWith(PlivoFields.CustomHeaderPrefix, StringComparison.Ordinal)
        || name.StartsWith(PlivoFields.InboundSipHeaderPrefix, StringComparison.Ordinal);
}
