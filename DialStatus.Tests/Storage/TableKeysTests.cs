using DialStatus.Functions.Storage;

namespace DialStatus.Tests.Storage;

/// <summary>Any text becomes a legal, distinct PartitionKey or RowKey (Table Storage forbids <c>/ \ # ?</c> and control characters).</summary>
public sealed class TableKeysTests
{
    [Fact]
    public void Plain_UUID_is_unchanged() =>
        Assert.Equal("d0c5a9f2-1111-4c2a-9b7e-000000000001", TableKeys.Encode("d0c5a9f2-1111-4c2a-9b7e-000000000001"));

    [Fact]
    public void Empty_text_stays_empty() =>
        Assert.Equal("", TableKeys.Encode(""));

    [Theory]
    [InlineData("/")]
    [InlineData("\\")]
    [InlineData("#")]
    [InlineData("?")]
    [InlineData("\t")]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\u0000")]
    [InlineData("\u001f")]
    [InlineData("\u007f")]
    [InlineData("\u0085")]
    [InlineData("\u009f")]
    public void Forbidden_character_never_appears_in_the_key(string forbidden)
    {
        var encoded = TableKeys.Encode($"a{forbidden}b{forbidden}");

        Assert.DoesNotContain(forbidden, encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Forbidden_characters_are_written_as_percent_escapes() =>
        Assert.Equal("a%2Fb%5Cc%23d%3Fe%09f%25g", TableKeys.Encode("a/b\\c#d?e\tf%g"));

    [Fact]
    public void Percent_is_escaped_so_an_escape_and_its_character_encode_differently() =>
        Assert.NotEqual(TableKeys.Encode("a%2Fb"), TableKeys.Encode("a/b"));

    [Fact]
    public void Non_ASCII_text_is_kept() =>
        Assert.Equal("José-😀", TableKeys.Encode("José-😀"));

    [Fact]
    public void Very_long_input_is_at_most_200_characters() =>
        Assert.InRange(TableKeys.Encode(new string('a', 5000)).Length, 1, 200);

    [Fact]
    public void Very_long_input_of_escaped_characters_is_at_most_200_characters() =>
        Assert.InRange(TableKeys.Encode(new string('/', 1000)).Length, 1, 200);

    [Fact]
    public void Shortened_key_contains_no_forbidden_characters() =>
        Assert.DoesNotContain('/', TableKeys.Encode(new string('/', 1000)));

    [Fact]
    public void Long_inputs_differing_only_at_the_end_encode_differently()
    {
        var prefix = new string('a', 1000);

        Assert.NotEqual(TableKeys.Encode(prefix + "1"), TableKeys.Encode(prefix + "2"));
    }

    [Fact]
    public void Input_of_exactly_200_characters_is_unchanged() =>
        Assert.Equal(new string('a', 200), TableKeys.Encode(new string('a', 200)));

    [Fact]
    public void Input_just_over_the_limit_differs_from_the_input_at_the_limit() =>
        Assert.NotEqual(TableKeys.Encode(new string('a', 200)), TableKeys.Encode(new string('a', 201)));

    [Fact]
    public void Encoding_is_deterministic()
    {
        var value = "call/" + new string('x', 400) + "#?";

        Assert.Equal(TableKeys.Encode(value), TableKeys.Encode(new string(value.AsSpan())));
    }

    [Theory]
    [InlineData("ab", 0xD83D, "cd", "ab%D83Dcd")]
    [InlineData("ab", 0xDE00, "cd", "ab%DE00cd")]
    [InlineData("ab", 0xD83D, "", "ab%D83D")]
    [InlineData("ab", 0xDE00, "", "ab%DE00")]
    [InlineData("", 0xDE00, "ab", "%DE00ab")]
    [InlineData("", 0xD83D, "", "%D83D")]
    public void A_surrogate_that_is_not_half_of_a_pair_is_escaped_wherever_it_stands(string before, int codeUnit, string after, string expected) =>
        Assert.Equal(expected, TableKeys.Encode(before + (char)codeUnit + after));

    [Fact]
    public void A_whole_surrogate_pair_is_kept() =>
        Assert.Equal("a😀b", TableKeys.Encode("a😀b"));

    [Theory]
    [InlineData(130)]
    [InlineData(131)]
    [InlineData(132)]
    [InlineData(133)]
    [InlineData(134)]
    [InlineData(135)]
    public void A_shortened_key_keeps_surrogate_pairs_whole_whatever_the_cut_position(int asciiBefore)
    {
        // With 134 ASCII characters before the emoji, the cut at 135 falls between the two halves of the first one.
        var encoded = TableKeys.Encode(new string('a', asciiBefore) + string.Concat(Enumerable.Repeat("😀", 100)));

        Assert.InRange(encoded.Length, 1, 200);
        Assert.DoesNotContain(encoded.Select((c, i) => (c, i)), p =>
            (char.IsHighSurrogate(p.c) && (p.i + 1 == encoded.Length || !char.IsLowSurrogate(encoded[p.i + 1])))
            || (char.IsLowSurrogate(p.c) && (p.i == 0 || !char.IsHighSurrogate(encoded[p.i - 1]))));
    }

    [Fact]
    public void A_shortened_key_keeps_a_surrogate_pair_whole_when_the_cut_falls_inside_the_only_one()
    {
        // 134 ASCII characters, then the pair the cut at 135 would split, then plain text again.
        var encoded = TableKeys.Encode(new string('a', 134) + "😀" + new string('b', 100));

        Assert.Equal(new string('a', 134) + "~", encoded[..135]);
    }
}
