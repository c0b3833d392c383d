using DialStatus.Functions.Plivo;

namespace DialStatus.Tests.Plivo;

/// <summary>Form bodies and query strings read as Plivo's signature reads them (plivo-webhooks.md §2.1, §6.2 step 2).</summary>
public sealed class PlivoParametersTests
{
    private static (string, string)[] Pairs(string? text) =>
        [.. PlivoParameters.ParseUrlEncoded(text).Select(p => (p.Key, p.Value))];

    [Fact]
    public void Pairs_keep_their_arrival_order() =>
        Assert.Equal([("To", "1"), ("CallUUID", "2"), ("A", "3"), ("From", "4")], Pairs("To=1&CallUUID=2&A=3&From=4"));

    [Fact]
    public void Repeated_names_keep_every_value_in_order() =>
        Assert.Equal([("Tag", "b"), ("x", "1"), ("Tag", "a"), ("Tag", "b")], Pairs("Tag=b&x=1&Tag=a&Tag=b"));

    [Fact]
    public void Names_are_case_sensitive()
    {
        var parameters = PlivoParameters.ParseUrlEncoded("To=%2B14155550100&to=lower");

        Assert.Equal(("+14155550100", "lower", (string?)null), (parameters["To"], parameters["to"], parameters["TO"]));
    }

    [Fact]
    public void Plus_is_read_as_a_space() =>
        Assert.Equal([("From", " 14155550123"), ("Name", "Ann Lee")], Pairs("From=+14155550123&Name=Ann+Lee"));

    [Fact]
    public void Percent_2B_is_read_as_a_plus() =>
        Assert.Equal([("From", "+14155550123")], Pairs("From=%2B14155550123"));

    [Fact]
    public void Percent_26_inside_a_value_does_not_split_the_pair() =>
        Assert.Equal([("q", "a&b"), ("r", "c")], Pairs("q=a%26b&r=c"));

    [Fact]
    public void Percent_3D_inside_a_name_does_not_split_name_and_value() =>
        Assert.Equal([("a=b", "c")], Pairs("a%3Db=c"));

    [Fact]
    public void Only_the_first_equals_sign_separates_name_and_value() =>
        Assert.Equal([("sipHeaders", "k1=v1,k2=v2")], Pairs("sipHeaders=k1=v1,k2=v2"));

    [Fact]
    public void Percent_escapes_are_read_as_UTF_8() =>
        Assert.Equal([("CallerName", "José 😀")], Pairs("CallerName=Jos%C3%A9+%F0%9F%98%80"));

    [Fact]
    public void Names_are_decoded_too() =>
        Assert.Equal([("X-PH-My Header", "v")], Pairs("X-PH-My+Header=v"));

    [Fact]
    public void Piece_without_equals_sign_has_an_empty_value() =>
        Assert.Equal([("flag", ""), ("a", "1")], Pairs("flag&a=1"));

    [Fact]
    public void Piece_with_empty_value_has_an_empty_value() =>
        Assert.Equal([("DialBLegUUID", ""), ("a", "1")], Pairs("DialBLegUUID=&a=1"));

    [Fact]
    public void Empty_pieces_are_skipped() =>
        Assert.Equal([("a", "1"), ("b", "2")], Pairs("&a=1&&b=2&"));

    [Fact]
    public void Leading_question_mark_is_ignored() =>
        Assert.Equal([("a", "1"), ("b", "2")], Pairs("?a=1&b=2"));

    [Fact]
    public void Lone_question_mark_gives_no_pairs() =>
        Assert.Empty(PlivoParameters.ParseUrlEncoded("?"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_text_gives_no_pairs(string? text) =>
        Assert.Empty(PlivoParameters.ParseUrlEncoded(text));

    [Fact]
    public void Malformed_escape_stays_literal() =>
        Assert.Equal([("a", "%zz"), ("b", "100%")], Pairs("a=%zz&b=100%"));

    [Fact]
    public void Indexer_returns_the_first_value_of_a_repeated_name() =>
        Assert.Equal("first", PlivoParameters.ParseUrlEncoded("Tag=first&Tag=second")["Tag"]);

    [Fact]
    public void Indexer_returns_null_for_an_absent_name() =>
        Assert.Null(PlivoParameters.ParseUrlEncoded("a=1")["b"]);

    [Fact]
    public void NonEmpty_returns_null_for_an_empty_value() =>
        Assert.Null(PlivoParameters.ParseUrlEncoded("DialBLegUUID=&a=1").NonEmpty("DialBLegUUID"));

    [Fact]
    public void NonEmpty_returns_null_for_an_absent_name() =>
        Assert.Null(PlivoParameters.ParseUrlEncoded("a=1").NonEmpty("b"));

    [Fact]
    public void NonEmpty_returns_a_present_value() =>
        Assert.Equal("busy", PlivoParameters.ParseUrlEncoded("DialStatus=busy").NonEmpty("DialStatus"));

    [Fact]
    public void Count_and_position_indexer_cover_every_pair()
    {
        var parameters = PlivoParameters.ParseUrlEncoded("a=1&b=2&a=3");

        Assert.Equal((3, "a", "3"), (parameters.Count, parameters[2].Key, parameters[2].Value));
    }
}
