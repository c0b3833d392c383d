using System.Text;
using System.Xml.Linq;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Hostile;

/// <summary>
/// Randomized hostile input (10,000 cases each, fixed seed): nothing escapes as a 500, an invalid
/// signature never stores anything, the form parser and the XML writer round-trip every value.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileInputTests(AzuriteFixture azurite)
{
    private const int Cases = 10_000;

    [Fact]
    public void Url_encoded_forms_round_trip_every_name_and_value_in_order()
    {
        var random = new RandomInput(RandomInput.Seed);
        for (var i = 0; i < Cases; i++)
        {
            var pairs = Enumerable.Range(0, random.Next(6))
                .Select(_ => new KeyValuePair<string, string>(random.WellFormedText(12) is { Length: > 0 } name ? name : "k", random.WellFormedText()))
                .ToList();
            var encoded = string.Join('&', pairs.Select(p => $"{Encode(p.Key, random)}={Encode(p.Value, random)}"));

            Assert.Equal(pairs, PlivoParameters.ParseUrlEncoded(encoded));
        }
    }

    [Fact]
    public void Random_garbage_parses_into_at_most_one_pair_per_ampersand_piece_without_throwing()
    {
        var random = new RandomInput(RandomInput.Seed + 1);
        for (var i = 0; i < Cases; i++)
        {
            var text = random.Text(80);

            var parsed = PlivoParameters.ParseUrlEncoded(text);

            Assert.InRange(parsed.Count, 0, text.TrimStart('?').Split('&').Count(piece => piece.Length > 0));
        }
    }

    [Fact]
    public void A_signature_holds_for_its_exact_request_and_breaks_when_anything_signed_changes()
    {
        var random = new RandomInput(RandomInput.Seed + 2);
        for (var i = 0; i < Cases; i++)
        {
            var url = $"https://h{random.Next(9)}.example.net/api/dialstatus/action" + (random.Chance(0.5) ? $"?attempt={random.Next(5)}&x={Uri.EscapeDataString(random.WellFormedText(6))}" : "");
            var form = Enumerable.Range(0, 1 + random.Next(5)).Select(n => new KeyValuePair<string, string>($"F{n}", random.WellFormedText())).ToList();
            var nonce = random.Next(int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var signature = PlivoSignatureV3.ComputeSignature("POST", url, form, nonce, "token");

            Assert.True(PlivoSignatureV3.IsValid("POST", url, form, nonce, "token", signature));
            var tampered = form.ToList();
            var victim = random.Next(tampered.Count);
            tampered[victim] = new(tampered[victim].Key, tampered[victim].Value + "x");
            Assert.False(PlivoSignatureV3.IsValid("POST", url, tampered, nonce, "token", signature));
            Assert.False(PlivoSignatureV3.IsValid("POST", url + "&y=1", form, nonce, "token", signature));
            Assert.False(PlivoSignatureV3.IsValid("POST", url, form, nonce + "1", "token", signature));
            Assert.False(PlivoSignatureV3.IsValid("POST", url, form, nonce, "other", signature));
            Assert.False(PlivoSignatureV3.IsValid("POST", url, form, nonce, "token", random.Text(50)));
        }
    }

    [Fact]
    public void The_XML_writer_always_writes_well_formed_XML_that_round_trips_every_value()
    {
        var random = new RandomInput(RandomInput.Seed + 3);
        for (var i = 0; i < Cases; i++)
        {
            var speech = random.XmlText(60);
            var callerName = random.XmlText(25); // at most 25 characters, at most 50 UTF-16 units: Plivo's limit
            var callerId = random.XmlText(20);
            var number = random.XmlText(20) is { Length: > 0 } n && !string.IsNullOrWhiteSpace(n) ? n : "+14155550100";
            var action = $"https://h.example.net/api/dialstatus/action?v={Uri.EscapeDataString(random.WellFormedText(10))}&w=1#rc=3&rp=ct,rt,5xx";

            var xml = new PlivoResponse()
                .Add(new Speak(speech))
                .Add(new Dial { Action = action, CallerName = callerName, CallerId = callerId, HangupOnStar = random.Chance(0.5) }.Add(new Number(number)))
                .ToXml();

            var parsed = XElement.Parse(xml, LoadOptions.PreserveWhitespace);
            Assert.Equal(speech, parsed.Element("Speak")!.Value);
            var dial = parsed.Element("Dial")!;
            Assert.Equal(action, (string?)dial.Attribute("action"));
            Assert.Equal(callerName, (string?)dial.Attribute("callerName"));
            Assert.Equal(callerId, (string?)dial.Attribute("callerId"));
            Assert.Equal(number, dial.Element("Number")!.Value);
        }
    }

    [Fact]
    public void Text_XML_cannot_carry_is_refused_when_set_never_written()
    {
        var random = new RandomInput(RandomInput.Seed + 4);
        for (var i = 0; i < Cases; i++)
        {
            var text = random.Text(30);
            if (PlivoXmlText.IsValid(text))
            {
                XElement.Parse(new PlivoResponse().Add(new Speak(text)).ToXml());
            }
            else
            {
                Assert.Throws<ArgumentException>(() => new Speak(text));
            }
        }
    }

    [Fact]
    public async Task Random_requests_never_fail_with_a_500_and_only_validly_signed_well_shaped_ones_are_stored()
    {
        var random = new RandomInput(RandomInput.Seed + 5);
        await using var app = TestApp.Create(azurite.ConnectionString);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var function = app.Create<DialActionFunction>();

        for (var i = 0; i < Cases; i++)
        {
            var (request, validlySigned, callUuid) = HostileRequest(random, i);

            var response = await app.InvokeAsync(function.Run, request);

            Assert.True(response.StatusCode is 200 or 400 or 403 or 405 or 413 or 415, $"case {i}: {response.StatusCode} {response.Body}");
            if (response.StatusCode == 200)
            {
                Assert.True(validlySigned, $"case {i} was answered 200 without a valid signature");
                Assert.True(Guid.TryParseExact(callUuid, "D", out _), $"case {i} was answered 200 for the call '{callUuid}', which is not a UUID");
                stored.Add(callUuid);
            }
        }

        var records = await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName);
        Assert.Equal(stored.Order(StringComparer.Ordinal), records.Select(r => r.GetString("DialALegUUID")!).Order(StringComparer.Ordinal));
        Assert.NotEmpty(stored);
    }

    [Fact]
    public async Task Random_JSON_bodies_to_the_PHLO_endpoint_never_fail_with_a_500()
    {
        var random = new RandomInput(RandomInput.Seed + 6);
        await using var app = TestApp.Create(azurite.ConnectionString);
        var function = app.Create<PhloFunction>();
        string[] fragments = ["{", "}", "[", "]", ":", ",", "\"DialStatus\"", "\"DialALegUUID\"", "\"busy\"", "null", "true", "1e999", "-0", "\"\\ud83d\"", "\"\\u0000\"", "\"x\"", " "];

        for (var i = 0; i < 2_000; i++)
        {
            var body = random.Chance(0.5)
                ? string.Concat(Enumerable.Range(0, random.Next(12)).Select(_ => random.Pick(fragments)))
                : $$"""{"DialStatus":{{System.Text.Json.JsonSerializer.Serialize(random.WellFormedText())}},"DialALegUUID":"phlo-{{i}}","Extra":{{random.Pick(fragments)}}}""";
            var request = new TestRequest { PathAndQuery = "/api/dialstatus/phlo", ContentType = "application/json", RawBody = Encoding.UTF8.GetBytes(body), SigningToken = null };

            var response = await app.InvokeAsync(function.Run, request);

            Assert.True(response.StatusCode is 200 or 400, $"case {i}: {response.StatusCode} {response.Body} for {body}");
        }
    }

    /// <summary>A request of random shape; about a third validly signed (those may be stored), the rest unsigned, forged or tampered.</summary>
    private static (TestRequest Request, bool ValidlySigned, string CallUuid) HostileRequest(RandomInput random, int index)
    {
        // Mostly real UUIDs (so some requests are stored), now and then hostile text where a UUID belongs.
        var callUuid = random.Chance(0.8) ? new Guid(random.Bytes(16, exactly: true)).ToString() : $"hostile-{index:D5}-{random.WellFormedText(8)}";
        var form = new List<KeyValuePair<string, string>> { new("DialALegUUID", callUuid) };
        if (random.Chance(0.8))
        {
            form.Add(new("DialStatus", random.Chance(0.5) ? "busy" : random.WellFormedText(12)));
        }
        for (var extra = random.Next(5); extra > 0; extra--)
        {
            form.Add(new(random.WellFormedText(10), random.WellFormedText(30)));
        }

        var request = new TestRequest
        {
            Method = random.Chance(0.95) ? "POST" : random.Pick(["PUT", "DELETE", "get", "PATCH"]),
            PathAndQuery = "/api/dialstatus/action" + (random.Chance(0.2) ? "?attempt=" + Uri.EscapeDataString(random.WellFormedText(4)) : ""),
            Form = form,
            ContentType = random.Chance(0.9) ? "application/x-www-form-urlencoded" : random.Pick<string?>([null, "application/json", "text/plain", random.WellFormedText(20)]),
            Nonce = random.Next(int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        switch (random.Next(6))
        {
            case 0 or 1:
                return (request, true, callUuid);
            case 2:
                return (request with { SigningToken = null }, false, callUuid);
            case 3:
                return (request with { SigningToken = "forged-token" }, false, callUuid);
            case 4:
                // Signed, then the body changed in transit.
                var tampered = Encoding.UTF8.GetBytes(TestRequest.EncodeForm(form) + "&Injected=" + Uri.EscapeDataString(random.WellFormedText(8)));
                return (request with { RawBody = tampered }, false, callUuid);
            default:
                // Garbage body, signed as if it were the form.
                return (request with { RawBody = random.Bytes(300) }, false, callUuid);
        }
    }

    /// <summary>Percent-encodes, sometimes writing spaces as '+', as real clients do.</summary>
    private static string Encode(string value, RandomInput random)
    {
        var encoded = Uri.EscapeDataString(value);
        return random.Chance(0.5) ? encoded.Replace("%20", "+", StringComparison.Ordinal) : encoded;
    }
}
