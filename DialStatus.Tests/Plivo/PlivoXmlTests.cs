using System.Reflection;
using System.Xml.Linq;
using DialStatus.Functions.Plivo.Xml;

namespace DialStatus.Tests.Plivo;

/// <summary>
/// The Plivo XML writer against shared/reference/plivo-webhooks.md §3, §4 and §4.1: what Plivo's parser
/// reads must be exact; bytes that do not change the meaning (a space before <c>/&gt;</c>) are not pinned.
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
            .Add(new Wait { Length = 2 })
            .Add(new Hangup());

        Assert.Equal(
            "<Response><Speak>Connecting you</Speak><Dial><Number>+14155550100</Number><User>sip:alice@phone.plivo.com</User></Dial><Wait length=\"2\"/><Hangup/></Response>",
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
        var dial = new Dial { Redirect = false, HangupOnStar = true }.Add(new Number("+14155550100") { SendOnPreanswer = false });

        var xml = new PlivoResponse().Add(dial).ToXml();

        Assert.Contains("redirect=\"false\"", xml, StringComparison.Ordinal);
        Assert.Contains("hangupOnStar=\"true\"", xml, StringComparison.Ordinal);
        Assert.Contains("sendOnPreanswer=\"false\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_written_as_plain_invariant_digits()
    {
        var dial = new Dial { Timeout = 30, TimeLimit = 14400, ConfirmTimeout = 120 }.Add(new Number("+14155550100"));

        var xml = new PlivoResponse().Add(dial).Add(new Wait { Length = 1000000 }).ToXml();

        Assert.Contains("timeout=\"30\" timeLimit=\"14400\" confirmTimeout=\"120\"", xml, StringComparison.Ordinal);
        Assert.Contains("length=\"1000000\"", xml, StringComparison.Ordinal);
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
    public void Redirect_url_in_the_body_has_its_ampersands_escaped_and_parses_back()
    {
        const string url = ActionUrl + "#rc=3&rp=all";

        var xml = new PlivoResponse().Add(new Redirect(url) { Method = "GET" }).ToXml();

        Assert.Equal(
            "<Response><Redirect method=\"GET\">https://dialstatus.example.net/api/dialstatus/action?tenant=acme&amp;attempt=1#rc=3&amp;rp=all</Redirect></Response>",
            xml);
        Assert.Equal(url, XElement.Parse(xml).Element("Redirect")!.Value);
    }

    [Fact]
    public void Non_ASCII_text_is_written_raw_and_parses_back()
    {
        const string text = "Café, Grüße, 日本語, 😀";

        var xml = new PlivoResponse().Add(new Speak(text) { Language = "fr-FR" }).ToXml();

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

    [Fact]
    public void Response_refuses_a_Number_directly_inside_it() =>
        Assert.Throws<ArgumentException>(() => new PlivoResponse().Add(new Number("+14155550100")));

    [Fact]
    public void Response_refuses_a_User_directly_inside_it() =>
        Assert.Throws<ArgumentException>(() => new PlivoResponse().Add(new User("sip:alice@phone.plivo.com")));

    [Fact]
    public void Response_refuses_a_nested_Response() =>
        Assert.Throws<ArgumentException>(() => new PlivoResponse().Add(new PlivoResponse()));

    [Fact]
    public void Dial_without_a_destination_throws_when_written()
    {
        var response = new PlivoResponse().Add(new Dial { Action = ActionUrl });

        Assert.Throws<InvalidOperationException>(() => response.ToXml());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Number_and_User_need_an_address(string address)
    {
        Assert.Throws<ArgumentException>(() => new Number(address));
        Assert.Throws<ArgumentException>(() => new User(address));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("get")]
    [InlineData("post")]
    [InlineData("")]
    public void Dial_method_other_than_GET_or_POST_throws(string method) =>
        Assert.Throws<ArgumentException>(() => new Dial { Method = method });

    [Theory]
    [InlineData("PUT")]
    [InlineData("post")]
    public void Dial_callback_method_other_than_GET_or_POST_throws(string method) =>
        Assert.Throws<ArgumentException>(() => new Dial { CallbackMethod = method });

    [Fact]
    public void Redirect_method_other_than_GET_or_POST_throws() =>
        Assert.Throws<ArgumentException>(() => new Redirect(ActionUrl) { Method = "DELETE" });

    [Fact]
    public void Caller_name_of_50_characters_is_accepted() =>
        Assert.Equal(new string('n', 50), new Dial { CallerName = new string('n', 50) }.CallerName);

    [Fact]
    public void Caller_name_over_50_characters_throws() =>
        Assert.Throws<ArgumentException>(() => new Dial { CallerName = new string('n', 51) });

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    [InlineData("#")]
    [InlineData("*")]
    public void Confirm_key_accepts_a_digit_hash_or_star(string key) =>
        Assert.Equal(key, new Dial { ConfirmKey = key }.ConfirmKey);

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("a")]
    [InlineData("w")]
    [InlineData(" ")]
    public void Confirm_key_other_than_one_digit_hash_or_star_throws(string key) =>
        Assert.Throws<ArgumentException>(() => new Dial { ConfirmKey = key });

    [Theory]
    [InlineData("MAN")]
    [InlineData("WOMAN")]
    [InlineData("Polly.Joanna")]
    public void Speak_voice_accepts_MAN_WOMAN_and_Polly_voices(string voice) =>
        Assert.Equal(voice, new Speak("hi") { Voice = voice }.Voice);

    [Theory]
    [InlineData("man")]
    [InlineData("Woman")]
    [InlineData("Polly.")]
    [InlineData("Polly.Joanna.Neural")]
    [InlineData("Polly Joanna")]
    [InlineData("Joanna")]
    [InlineData("")]
    public void Speak_voice_other_than_MAN_WOMAN_or_Polly_throws(string voice) =>
        Assert.Throws<ArgumentException>(() => new Speak("hi") { Voice = voice });

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Dial_timeout_that_is_not_positive_throws(int seconds) =>
        Assert.ThrowsAny<ArgumentException>(() => new Dial { Timeout = seconds });

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Dial_time_limit_that_is_not_positive_throws(int seconds) =>
        Assert.ThrowsAny<ArgumentException>(() => new Dial { TimeLimit = seconds });

    [Fact]
    public void Wait_length_of_zero_throws() =>
        Assert.ThrowsAny<ArgumentException>(() => new Wait { Length = 0 });

    [Fact]
    public void Hangup_schedule_of_zero_throws() =>
        Assert.ThrowsAny<ArgumentException>(() => new Hangup { Schedule = 0 });

    [Fact]
    public void Negative_loop_throws() =>
        Assert.ThrowsAny<ArgumentException>(() => new Speak("hi") { Loop = -1 });

    [Fact]
    public void Loop_of_zero_repeats_forever_and_is_accepted() =>
        Assert.Equal(0, new Play("https://cdn.example.net/ring.mp3") { Loop = 0 }.Loop);

    [Fact]
    public void Hangup_reason_other_than_rejected_or_busy_throws() =>
        Assert.Throws<ArgumentException>(() => new Hangup { Reason = "declined" });

    [Theory]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example.net/x")]
    [InlineData("not a url")]
    public void Url_attributes_and_bodies_must_be_absolute_http_urls(string url)
    {
        Assert.Throws<ArgumentException>(() => new Dial { Action = url });
        Assert.Throws<ArgumentException>(() => new Dial { CallbackUrl = url });
        Assert.Throws<ArgumentException>(() => new Redirect(url));
        Assert.Throws<ArgumentException>(() => new Play(url));
    }

    [Fact]
    public void Dial_music_accepts_the_literal_real() =>
        Assert.Equal("real", new Dial { DialMusic = "real" }.DialMusic);

    [Theory]
    [InlineData("Hello\u0001")]
    [InlineData("\u0000")]
    [InlineData("bell\u0007")]
    public void Control_characters_in_text_throw(string text) =>
        Assert.Throws<ArgumentException>(() => new Speak(text));

    [Fact]
    public void Lone_surrogate_in_text_throws() =>
        Assert.Throws<ArgumentException>(() => new Speak("lone " + '\uD83D' + " surrogate"));

    [Fact]
    public void Lone_surrogate_in_an_attribute_throws() =>
        Assert.Throws<ArgumentException>(() => new Dial { CallerName = "Desk" + '\uDE00' });

    [Theory]
    [InlineData("+1415\u0001")]
    [InlineData("\u001B[0m")]
    public void Control_characters_in_attributes_throw(string value) =>
        Assert.Throws<ArgumentException>(() => new Dial { CallerId = value });

    [Fact]
    public void Control_characters_in_a_destination_throw() =>
        Assert.Throws<ArgumentException>(() => new Number("+14155550100\u0002"));

    [Fact]
    public void Send_digits_outside_the_DTMF_alphabet_throw() =>
        Assert.Throws<ArgumentException>(() => new Number("+14155550100") { SendDigits = "12x" });

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
            ("confirmSound", "https://dialstatus.example.net/api/confirm?x=1&y=2"),
            ("confirmKey", "#"),
            ("confirmTimeout", "30"),
            ("dialMusic", "real"),
            ("callbackUrl", "https://dialstatus.example.net/api/dialstatus/callback?tenant=acme&z=1#rc=3&rp=all"),
            ("callbackMethod", "POST"),
            ("digitsMatch", "123,456"),
            ("digitsMatchBLeg", "*9"),
            ("sipHeaders", "k1=v1,k2=v2"),
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
            ConfirmSound = expected[8].Value,
            ConfirmKey = expected[9].Value,
            ConfirmTimeout = 30,
            DialMusic = expected[11].Value,
            CallbackUrl = expected[12].Value,
            CallbackMethod = expected[13].Value,
            DigitsMatch = expected[14].Value,
            DigitsMatchBLeg = expected[15].Value,
            SipHeaders = expected[16].Value,
        }
            .Add(new Number("+14155550100") { SendDigits = "ww12#", SendOnPreanswer = true, CallerId = "+14155550124", CallerName = "Desk" })
            .Add(new User("sip:alice@phone.plivo.com") { SendDigits = "1", SipHeaders = "a=b" });

        var parsed = Parse(new PlivoResponse().Add(dial)).Element("Dial")!;

        Assert.Equal(expected, parsed.Attributes().Select(a => (a.Name.LocalName, a.Value)));
        Assert.Equal(
            ["Number:+14155550100:sendDigits=ww12#,sendOnPreanswer=true,callerId=+14155550124,callerName=Desk", "User:sip:alice@phone.plivo.com:sendDigits=1,sipHeaders=a=b"],
            parsed.Elements().Select(e => $"{e.Name.LocalName}:{e.Value}:{string.Join(",", e.Attributes().Select(a => $"{a.Name.LocalName}={a.Value}"))}"));
    }

    [Fact]
    public void Element_properties_read_back_what_was_set()
    {
        var dial = new Dial { Redirect = false, Timeout = 25, HangupOnStar = true };

        Assert.Equal((false, 25, true, (int?)null), (dial.Redirect, dial.Timeout, dial.HangupOnStar, dial.TimeLimit));
    }

    [Fact]
    public void Wait_attributes_are_written_as_Plivo_names_them()
    {
        var xml = Compact(new PlivoResponse().Add(new Wait { Length = 5, Silence = true, MinSilence = 2000, Beep = false }).ToXml());

        Assert.Equal("<Response><Wait length=\"5\" silence=\"true\" minSilence=\"2000\" beep=\"false\"/></Response>", xml);
    }

    [Fact]
    public void Play_and_Speak_attributes_are_written_as_Plivo_names_them()
    {
        var response = new PlivoResponse()
            .Add(new Speak("Hi") { Voice = "Polly.Joanna", Language = "en-US", Loop = 2 })
            .Add(new Play("https://cdn.example.net/ring.mp3") { Loop = 0 })
            .Add(new Hangup { Reason = "busy", Schedule = 60 });

        Assert.Equal(
            "<Response><Speak voice=\"Polly.Joanna\" language=\"en-US\" loop=\"2\">Hi</Speak><Play loop=\"0\">https://cdn.example.net/ring.mp3</Play><Hangup reason=\"busy\" schedule=\"60\"/></Response>",
            Compact(response.ToXml()));
    }
}
