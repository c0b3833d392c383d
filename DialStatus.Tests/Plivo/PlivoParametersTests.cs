using DialStatus.Functions.Plivo;

namespace DialStatus.Tests.Plivo;

/// <summary>Form bodies and query strings read as Plivo's signature reads them (docs/plivo.md: parameters, and the V3 algorithm's query step).</summary>
public sealed class PlivoParametersTests
{
    private static (string, string)[] Pairs(string? text) =>
        [.. PlivoParameters.ParseUrlEncoded(text).Select(p => (p.Key, p.Value))];

    [Theory]
    [InlineData("pairs keep their arrival order", "To=1&CallUUID=2&A=3&From=4", "To", "1", "CallUUID", "2", "A", "3", "From", "4")]
    [InlineData("a repeated name keeps every value in order", "Tag=b&x=1&Tag=a&Tag=b", "Tag", "b", "x", "1", "Tag", "a", "Tag", "b")]
    [InlineData("+ is a space", "From=+14155550123&Name=Ann+Lee", "From", " 14155550123", "Name", "Ann Lee")]
    [InlineData("%2B is a plus", "From=%2B14155550123", "From", "+14155550123")]
    [InlineData("%26 in a value does not split the pair", "q=a%26b&r=c", "q", "a&b", "r", "c")]
    [InlineData("%3D in a name does not split name and value", "a%3Db=c", "a=b", "c")]
    [InlineData("only the first = separates name and value", "sipHeaders=k1=v1,k2=v2", "sipHeaders", "k1=v1,k2=v2")]
    [InlineData("escapes are UTF-8", "CallerName=Jos%C3%A9+%F0%9F%98%80", "CallerName", "José 😀")]
    [InlineData("names are decoded too", "X-PH-My+Header=v", "X-PH-My Header", "v")]
    [InlineData("a piece starting with = has an empty name", "=v&a=1", "", "v", "a", "1")]
    [InlineData("a piece without = has an empty value", "flag&a=1", "flag", "", "a", "1")]
    [InlineData("an empty value stays empty", "DialBLegUUID=&a=1", "DialBLegUUID", "", "a", "1")]
    [InlineData("empty pieces are skipped", "&a=1&&b=2&", "a", "1", "b", "2")]
    [InlineData("a leading ? is ignored", "?a=1&b=2", "a", "1", "b", "2")]
    [InlineData("a malformed escape stays literal", "a=%zz&b=100%", "a", "%zz", "b", "100%")]
    public void Text_is_read_into_name_value_pairs_as_Plivos_signature_reads_it(string rule, string text, params string[] namesAndValues)
    {
        var expected = namesAndValues.Chunk(2).Select(pair => (pair[0], pair[1]));

        Assert.True(expected.SequenceEqual(Pairs(text)), $"{rule}: got {string.Join(", ", Pairs(text))}");
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        var parameters = PlivoParameters.ParseUrlEncoded("To=%2B14155550100&to=lower");

        Assert.Equal(("+14155550100", "lower", (string?)null), (parameters["To"], parameters["to"], parameters["TO"]));
    }

    [Fact]
    public void Lone_question_mark_gives_no_pairs() =>
        Assert.Empty(PlivoParameters.ParseUrlEncoded("?"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_text_gives_no_pairs(string? text) =>
        Assert.Empty(PlivoParameters.ParseUrlEncoded(text));

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
