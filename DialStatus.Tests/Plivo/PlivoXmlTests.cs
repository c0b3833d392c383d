using System.Reflection;
using System.Xml.Linq;
using DialStatus.Functions.Plivo.Xml;

namespace DialStatus.Tests.Plivo;

/// <summary>
/// The Plivo XML writer against the rules in docs/plivo.md (Plivo XML): what Plivo's parser reads must be
/// exact; bytes that do not change the meaning (a space before <c>/&gt;</c>) are not pinned.
/// </summary>
public sealed class PlivoXmlTests
{
    private const string ActionUrl = "https://dialstatus.example.net/api/dialstatus/action?tenant=acme&attempt=1";

    /// <summary>Drops the optional space XmlWriter puts before <c>/&gt;</c>, so the SDK's exact forms can be compared.</summary>
    private static string Compact(string xml) => xml.Replace(" />", "/>", StringComparison.Ordinal);

    private static XElement Parse(PlivoResponse response) => XElement.Parse(response.ToXml());

    private static string RawAttribute(string xml, string name)
    {
        var start = xml.IndexOf($" {name}=\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {name} attribute in {xml}");
        start += name.Length + 3;
        return xml[start..xml.IndexOf('"', start)];
    }

    [Fact]
    public void Output_has_no_XML_declaration_and_starts_with_the_Response_element()
    {
        var xml = new PlivoResponse().Add(new Hangup()).ToXml();

        Assert.StartsWith("<Response", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_response_is_a_self_closing_Response_element() =>
        Assert.Equal("<Response/>", Compact(new PlivoResponse().ToXml()));

    [Fact]
    public void Bare_hangup_is_written_as_Plivo_pins_it() =>
        Assert.Equal("<Response><Hangup/></Response>", Compact(new PlivoResponse().Add(new Hangup()).ToXml()));

    [Fact]
    public void Elements_are_written_without_whitespace_between_them()
    {
        var response = new PlivoResponse()
            .Add(new Speak("Connecting you"))
            .Add(new Dial().Add(new Number("+14155550100")).Add(new User("sip:alice@phone.plivo.com")))
            .Add(new Hangup());

        Assert.Equal(
            "<Response><Speak>Connecting you</Speak><Dial><Number>+14155550100</Number><User>sip:alice@phone.plivo.com</User></Dial><Hangup/></Response>",
            Compact(response.ToXml()));
    }

    [Fact]
    public void Attributes_are_written_in_the_order_they_were_set()
    {
        var dial = new Dial { Timeout = 20, Redirect = false, Action = ActionUrl, Method = "GET", CallerId = "+14155550123" }
            .Add(new Number("+14155550100"));

        var attributes = Parse(new PlivoResponse().Add(dial)).Element("Dial")!.Attributes().Select(a => a.Name.LocalName);

        Assert.Equal(["timeout", "redirect", "action", "method", "callerId"], attributes);
    }

    [Fact]
    public void Booleans_are_written_in_lowercase()
    {
        var dial = new Dial { Redirect = false, HangupOnStar = true }.Add(new Number("+14155550100"));

        var xml = new PlivoResponse().Add(dial).ToXml();

        Assert.Contains("redirect=\"false\"", xml, StringComparison.Ordinal);
        Assert.Contains("hangupOnStar=\"true\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Dial_timeout_of_one_second_is_the_least_allowed() =>
        Assert.Contains("timeout=\"1\"", new PlivoResponse().Add(new Dial { Timeout = 1 }.Add(new Number("+14155550100"))).ToXml(), StringComparison.Ordinal);

    [Fact]
    public void Numbers_are_written_as_plain_invariant_digits()
    {
        var dial = new Dial { Timeout = 30, TimeLimit = 1000000 }.Add(new Number("+14155550100"));

        var xml = new PlivoResponse().Add(dial).ToXml();

        Assert.Contains("timeout=\"30\" timeLimit=\"1000000\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_escapes_ampersand_less_than_greater_than_and_carriage_return()
    {
        var xml = new PlivoResponse().Add(new Speak("Tom & Jerry <3 > \"q\" 'a'\rend")).ToXml();

        Assert.Equal("<Response><Speak>Tom &amp; Jerry &lt;3 &gt; \"q\" 'a'&#xD;end</Speak></Response>", xml);
    }

    [Fact]
    public void Text_with_special_characters_parses_back_to_the_same_text()
    {
        const string text = "Tom & Jerry <3 > \"q\" 'a'\r\n\tend";

        var parsed = XElement.Parse(new PlivoResponse().Add(new Speak(text)).ToXml(), LoadOptions.PreserveWhitespace);

        Assert.Equal(text, parsed.Element("Speak")!.Value);
    }

    [Fact]
    public void Attribute_escapes_ampersand_less_than_and_double_quote()
    {
        var dial = new Dial { CallerName = "A&B <C> \"D\" 'E'" }.Add(new Number("+14155550100"));

        var raw = RawAttribute(new PlivoResponse().Add(dial).ToXml(), "callerName");

        Assert.StartsWith("A&amp;B &lt;C", raw, StringComparison.Ordinal);
        Assert.Contains("&quot;D&quot;", raw, StringComparison.Ordinal);
        Assert.EndsWith(" 'E'", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribute_writes_tab_line_feed_and_carriage_return_as_character_references()
    {
        var dial = new Dial { CallerName = "a\tb\nc\rd" }.Add(new Number("+14155550100"));

        var raw = RawAttribute(new PlivoResponse().Add(dial).ToXml(), "callerName");

        Assert.Equal("a&#x9;b&#xA;c&#xD;d", raw);
    }

    [Fact]
    public void Attribute_with_every_special_character_parses_back_to_the_same_value()
    {
        const string value = "A&B <C> \"D\" 'E'\tF\nG\rH";
        var dial = new Dial { CallerName = value }.Add(new Number("+14155550100"));

        Assert.Equal(value, Parse(new PlivoResponse().Add(dial)).Element("Dial")!.Attribute("callerName")!.Value);
    }

    [Fact]
    public void Action_url_with_a_query_and_a_retry_fragment_parses_back_to_the_exact_url()
    {
        const string url = ActionUrl + "#rc=3&rp=ct,rt,5xx";
        var response = new PlivoResponse().Add(new Dial { Action = url }.Add(new Number("+14155550100")));

        var xml = response.ToXml();

        Assert.Contains("?tenant=acme&amp;attempt=1#rc=3&amp;rp=ct,rt,5xx\"", xml, StringComparison.Ordinal);
        Assert.Equal(url, XElement.Parse(xml).Element("Dial")!.Attribute("action")!.Value);
    }

    [Fact]
    public void Non_ASCII_text_is_written_raw_and_parses_back()
    {
        const string text = "Café, Grüße, 日本語, 😀";

        var xml = new PlivoResponse().Add(new Speak(text)).ToXml();

        Assert.Contains(text, xml, StringComparison.Ordinal);
        Assert.Equal(text, XElement.Parse(xml).Element("Speak")!.Value);
    }

    [Fact]
    public void Non_ASCII_attribute_value_parses_back()
    {
        var dial = new Dial { CallerName = "Zoë Ünal 日本" }.Add(new Number("+14155550100"));

        Assert.Equal("Zoë Ünal 日本", Parse(new PlivoResponse().Add(dial)).Element("Dial")!.Attribute("callerName")!.Value);
    }

    [Fact]
    public void Dial_offers_only_Number_and_User_as_children()
    {
        var childTypes = typeof(Dial).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == nameof(Dial.Add))
            .Select(m => Assert.Single(m.GetParameters()).ParameterType)
            .OrderBy(t => t.Name);

        Assert.Equal([typeof(Number), typeof(User)], childTypes);
    }

    [Theory]
    [InlineData("Number")]
    [InlineData("User")]
    [InlineData("Response")]
    public void Response_refuses_elements_that_belong_elsewhere(string element)
    {
        PlivoElement child = element switch
        {
            "Number" => new Number("+14155550100"),
            "User" => new User("sip:alice@phone.plivo.com"),
            _ => new PlivoResponse(),
        };

        var error = Assert.Throws<ArgumentException>(() => new PlivoResponse().Add(child));
        Assert.StartsWith($"Plivo does not allow <{element}> inside <Response>.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dial_without_a_destination_throws_when_written()
    {
        var response = new PlivoResponse().Add(new Dial { Action = ActionUrl });

        var error = Assert.Throws<InvalidOperationException>(() => response.ToXml());
        Assert.Equal("A Plivo <Dial> must contain at least one <Number> or <User>.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Number_and_User_need_an_address(string address)
    {
        Assert.StartsWith("<Number> needs an address.", Assert.Throws<ArgumentException>(() => new Number(address)).Message, StringComparison.Ordinal);
        Assert.StartsWith("<User> needs an address.", Assert.Throws<ArgumentException>(() => new User(address)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("method", "PUT")]
    [InlineData("method", "get")]
    [InlineData("method", "post")]
    [InlineData("method", "")]
    [InlineData("callbackMethod", "PUT")]
    [InlineData("callbackMethod", "post")]
    public void Dial_methods_other_than_GET_or_POST_throw(string attribute, string method) =>
        Assert.StartsWith($"Dial {attribute} must be GET or POST, not '{method}'.",
            Assert.Throws<ArgumentException>(() => attribute == "method" ? new Dial { Method = method } : new Dial { CallbackMethod = method }).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Caller_name_of_50_characters_is_accepted() =>
        Assert.Equal([new("callerName", new string('n', 50))], new Dial { CallerName = new string('n', 50) }.Attributes);

    [Fact]
    public void Caller_name_over_50_characters_throws() =>
        Assert.StartsWith("Dial callerName must be at most 50 characters.",
            Assert.Throws<ArgumentException>(() => new Dial { CallerName = new string('n', 51) }).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("timeout", 0)]
    [InlineData("timeout", -1)]
    [InlineData("timeLimit", 0)]
    [InlineData("timeLimit", -5)]
    public void Dial_durations_that_are_not_positive_throw(string attribute, int seconds) =>
        Assert.StartsWith($"Dial {attribute} must be at least 1.",
            Assert.ThrowsAny<ArgumentException>(() => attribute == "timeout" ? new Dial { Timeout = seconds } : new Dial { TimeLimit = seconds }).Message,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example.net/x")]
    [InlineData("not a url")]
    public void Url_attributes_and_bodies_must_be_absolute_http_urls(string url)
    {
        Assert.StartsWith($"Dial action must be an absolute http(s) URL, not '{url}'.",
            Assert.Throws<ArgumentException>(() => new Dial { Action = url }).Message, StringComparison.Ordinal);
        Assert.StartsWith($"Dial callbackUrl must be an absolute http(s) URL, not '{url}'.",
            Assert.Throws<ArgumentException>(() => new Dial { CallbackUrl = url }).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "Hello\u0001")]
    [InlineData("text", "\u0000")]
    [InlineData("text", "bell\u0007")]
    [InlineData("callerId", "+1415\u0001")]
    [InlineData("callerId", "\u001B[0m")]
    [InlineData("destination", "+14155550100\u0002")]
    public void Text_XML_cannot_carry_throws_wherever_it_is_set(string where, string value) =>
        Assert.Contains($" {(where == "destination" ? "text" : where)} contains characters that XML cannot carry.", Assert.Throws<ArgumentException>(() => where switch
        {
            "text" => new Speak(value),
            "callerName" => new Dial { CallerName = value },
            "callerId" => new Dial { CallerId = value },
            _ => (PlivoElement)new Number(value),
        }).Message, StringComparison.Ordinal);

    // Lone surrogates are separate facts: theory data would not carry them intact through xunit's serialization.
    [Fact]
    public void Lone_surrogate_in_text_throws() =>
        Assert.Throws<ArgumentException>(() => new Speak("lone " + '\uD83D' + " surrogate"));

    [Fact]
    public void Lone_surrogate_in_an_attribute_throws() =>
        Assert.Throws<ArgumentException>(() => new Dial { CallerName = "Desk" + '\uDE00' });

    [Fact]
    public void Full_Dial_parses_back_with_every_attribute_value_intact()
    {
        var expected = new (string Name, string Value)[]
        {
            ("action", ActionUrl + "#rc=3&rp=ct,rt,5xx"),
            ("method", "GET"),
            ("redirect", "false"),
            ("timeout", "25"),
            ("timeLimit", "3600"),
            ("hangupOnStar", "true"),
            ("callerId", "+14155550123"),
            ("callerName", "Front desk & \"VIP\" <line>"),
            ("callbackUrl", "https://dialstatus.example.net/api/dialstatus/callback?tenant=acme&z=1#rc=3&rp=all"),
            ("callbackMethod", "POST"),
        };
        var dial = new Dial
        {
            Action = expected[0].Value,
            Method = expected[1].Value,
            Redirect = false,
            Timeout = 25,
            TimeLimit = 3600,
            HangupOnStar = true,
            CallerId = expected[6].Value,
            CallerName = expected[7].Value,
            CallbackUrl = expected[8].Value,
            CallbackMethod = expected[9].Value,
        }
            .Add(new Number("+14155550100"))
            .Add(new User("sip:alice@phone.plivo.com"));

        var parsed = Parse(new PlivoResponse().Add(dial)).Element("Dial")!;

        Assert.Equal(expected, parsed.Attributes().Select(a => (a.Name.LocalName, a.Value)));
        Assert.Equal(
            ["Number:+14155550100", "User:sip:alice@phone.plivo.com"],
            parsed.Elements().Select(e => $"{e.Name.LocalName}:{e.Value}"));
    }

    [Fact]
    public void Only_the_attributes_set_are_written_in_Plivos_spelling()
    {
        var dial = new Dial { Redirect = false, Timeout = 25, HangupOnStar = true };

        Assert.Equal([new("redirect", "false"), new("timeout", "25"), new("hangupOnStar", "true")], dial.Attributes);
    }

}
