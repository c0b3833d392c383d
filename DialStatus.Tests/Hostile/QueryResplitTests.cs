using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Plivo;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Hostile;

/// <summary>
/// Plivo's V3 signature joins a query's decoded pairs as <c>name=value&amp;…</c> and closes the signed text with
/// <c>.{nonce}</c>. Whoever holds one genuine request can fold several query pairs into one name or value, or move the
/// end of the last value into the nonce, and keep the signature. Every such forgery of genuine requests is generated
/// here, checked to sign exactly like the genuine request, and sent with its signature: each is refused with a 400
/// and changes nothing.
/// </summary>
public sealed class QueryResplitTests
{
    private const string ALeg = "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string BLeg = "c0a58e17-9d24-4f6b-8a13-72e5b4c9d806";
    private const string GenuineNonce = "05429567804466091622";

    private static readonly SettableTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    private static readonly (string, string)[] NoAnswer =
    [
        ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", ""), ("DialStatus", "no-answer"), ("DialRingStatus", "true"),
        ("DialHangupCause", "NO_ANSWER"), ("From", "+14155550123"), ("To", "+14155550100"), ("CallStatus", "in-progress"), ("Direction", "inbound"),
    ];

    private static readonly (string, string)[] Hangup =
    [
        ("CallUUID", ALeg), ("From", "+14155550123"), ("To", "+14155550100"), ("Direction", "inbound"), ("Event", "Hangup"),
        ("CallStatus", "completed"), ("HangupCause", "NORMAL_CLEARING"), ("HangupCauseName", "Normal Hangup"), ("Duration", "42"),
    ];

    public static TheoryData<string> GenuinePosts() => ["/api/dialstatus/action?attempt=2&day=2026-11-30", "/api/dialstatus/callback?day=2026-11-30&attempt=2&node=x"];

    [Theory]
    [MemberData(nameof(GenuinePosts))]
    public async Task No_folding_of_a_signed_POST_querys_pairs_is_accepted_or_changes_a_record(string genuinePath)
    {
        await using var app = SequentialApp();
        var function = app.FunctionFor(genuinePath);
        var form = Form(genuinePath.Contains("callback", StringComparison.Ordinal) ? DialEvent : NoAnswer);
        Assert.Equal(200, (await app.InvokeAsync(function, Signed(genuinePath, form))).StatusCode);

        await AssertEveryForgeryIsRefusedUnchangedAsync(app, QueryFolds(genuinePath, "POST", form).ToList(),
            forged => app.InvokeAsync(function, Signed(genuinePath, form) with { PathAndQuery = forged }));
    }

    [Theory]
    [InlineData("/api/dialstatus/hangup")]
    [InlineData("/api/dialstatus")]
    public async Task No_folding_of_a_signed_GET_callbacks_fields_is_accepted_or_changes_a_record(string path)
    {
        await using var app = SequentialApp();
        var function = app.FunctionFor(path);
        var genuinePath = path + "?" + TestRequest.EncodeForm(Form(Hangup));
        Assert.Equal(200, (await app.InvokeAsync(function, SignedGet(genuinePath))).StatusCode);

        await AssertEveryForgeryIsRefusedUnchangedAsync(app, QueryFolds(genuinePath, "GET", []).ToList(),
            forged => app.InvokeAsync(function, SignedGet(genuinePath) with { PathAndQuery = forged }));
    }

    [Fact]
    public async Task A_GET_hangup_whose_Event_hides_in_a_neighbour_is_refused_by_the_answer_URL_not_dialled()
    {
        await using var app = SequentialApp();
        var fields = Form(Hangup).Where(field => field.Key != "Event").ToList();
        // Duration sorts right before Event, so its value can carry the pair in the signed text.
        var duration = fields.FindIndex(field => field.Key == "Duration");
        fields[duration] = new("Duration", "42&Event=Hangup");
        var forged = "/api/dialstatus?" + TestRequest.EncodeForm(fields);
        var genuine = "/api/dialstatus?" + TestRequest.EncodeForm(Form(Hangup));
        Assert.Equal(SignedText("GET", genuine, [], GenuineNonce), SignedText("GET", forged, [], GenuineNonce));

        var response = await app.InvokeAsync(app.Create<AnswerFunction>().Run, SignedGet(genuine) with { PathAndQuery = forged });

        Assert.Equal(400, response.StatusCode);
        Assert.DoesNotContain("<Dial", response.Body, StringComparison.Ordinal);
        Assert.Equal(0, app.InMemoryStore.Count);
    }

    [Theory]
    [InlineData("CallerName", "Smith & Sons")]
    [InlineData("CallerName", "A&B")]
    [InlineData("X-PH-Route", "a=b")]
    public async Task A_GET_value_with_an_ampersand_or_an_equals_sign_alone_is_kept(string name, string value)
    {
        await using var app = SequentialApp();
        var path = "/api/dialstatus/hangup?" + TestRequest.EncodeForm([.. Form(Hangup), new(name, value)]);

        var response = await app.InvokeAsync(app.Create<HangupFunction>().Run, SignedGet(path));

        Assert.Equal(200, response.StatusCode);
        Assert.Contains(value, Assert.Single((await app.InMemoryStore.ReadCallAsync(ALeg, CancellationToken.None)).Value).RawParameters, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CallStatus", "Completed")]
    [InlineData("Event", "Hang-up")]
    [InlineData("CallUUID", "not-a-uuid")]
    public async Task A_signed_GET_callback_breaking_a_field_shape_is_refused_as_a_POST_would_be(string field, string value)
    {
        await using var app = SequentialApp();
        var fields = Form(Hangup).Select(pair => pair.Key == field ? new KeyValuePair<string, string>(field, value) : pair);

        var response = await app.InvokeAsync(app.Create<HangupFunction>().Run, SignedGet("/api/dialstatus/hangup?" + TestRequest.EncodeForm(fields)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains($"'{field}'", response.Body, StringComparison.Ordinal);
        Assert.Equal(0, app.InMemoryStore.Count);
    }

    [Theory]
    [InlineData("%3Dattempt=2", "A query parameter's name holds '=' or '&'")]
    [InlineData("%26attempt=2", "A query parameter's name holds '=' or '&'")]
    [InlineData("attempt%3D2%26day=2026-11-30", "A query parameter's name holds '=' or '&'")]
    [InlineData("day=2026-11-30&attempt=%26day%3D1", "A query parameter holds '&' followed by a name and '='")]
    [InlineData("day=2026-11-30&attempt=2%26day%3D1", "A query parameter holds '&' followed by a name and '='")]
    [InlineData("day=2026-11-30&CallUUID=x%26y%3D1", "Parameter 'CallUUID' holds '&' followed by a name and '='")]
    public async Task A_query_that_could_re_split_is_refused_saying_why_and_naming_only_Plivos_fields(string query, string reason)
    {
        await using var app = SequentialApp();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed("/api/dialstatus/action?" + query, Form(NoAnswer)));

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith(reason, response.Body, StringComparison.Ordinal);
        Assert.Equal(0, app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_request_whose_query_and_fields_both_break_the_rules_is_refused_for_its_query_first()
    {
        await using var app = SequentialApp();
        var fields = Form(NoAnswer).Select(field => field.Key == "DialStatus" ? new KeyValuePair<string, string>("DialStatus", "NO ANSWER") : field).ToList();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed("/api/dialstatus/action?attempt%3D2=1", fields));

        Assert.StartsWith("A query parameter's name holds '=' or '&'", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("attempt=2&attempt=2")]
    [InlineData("attempt=2&attempt=1")]
    [InlineData("attempt=2&day=2026-11-30&day=2026-12-01")]
    [InlineData("day=2026-11-30&day=2026-11-30")]
    public async Task A_query_parameter_of_the_apps_given_twice_is_refused(string query)
    {
        await using var app = SequentialApp();
        var path = "/api/dialstatus/action?" + query;

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed(path, Form(NoAnswer)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("more than once", response.Body, StringComparison.Ordinal);
        Assert.Equal(0, app.InMemoryStore.Count);
    }

    [Fact]
    public async Task A_Dial_action_URL_written_without_a_day_is_still_accepted()
    {
        await using var app = SequentialApp();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed("/api/dialstatus/action?attempt=2", Form(NoAnswer)));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, Assert.Single((await app.InMemoryStore.ReadCallAsync(ALeg, CancellationToken.None)).Value).Properties["Attempt"]);
    }

    [Fact]
    public async Task No_move_of_the_last_values_end_into_the_nonce_is_accepted_or_changes_a_record()
    {
        await using var app = SequentialApp();
        var path = "/api/dialstatus/action?day=2026-11-30";
        var genuine = Form([.. NoAnswer.Where(field => field.Item1 != "To"), ("To", "sip:alice@phone.plivo.com")]);
        Assert.Equal(200, (await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed(path, genuine))).StatusCode);
        var stored = app.InMemoryStore.Snapshot();
        var signed = SignedText("POST", path, genuine, GenuineNonce);

        var accepted = new List<string>();
        var value = "sip:alice@phone.plivo.com";
        var forgeries = 0;
        for (var dot = value.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = value.IndexOf('.', dot + 1))
        {
            var fields = genuine.Select(field => field.Key == "To" ? new KeyValuePair<string, string>("To", value[..dot]) : field).ToList();
            var nonce = value[(dot + 1)..] + "." + GenuineNonce;
            Assert.Equal(signed, SignedText("POST", path, fields, nonce));
            forgeries++;

            var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed(path, genuine) with { Form = fields, Nonce = nonce });
            if (response.StatusCode != 400 || !app.InMemoryStore.Snapshot().SequenceEqual(stored))
            {
                accepted.Add($"{response.StatusCode} for To={value[..dot]}, nonce {nonce}");
            }
        }

        Assert.Equal(2, forgeries);
        Assert.True(accepted.Count == 0, string.Join('\n', accepted));
    }

    [Theory]
    [InlineData("1234567890.1234567890")]
    [InlineData("12345-67890")]
    [InlineData("12345_67890")]
    [InlineData("12345 67890")]
    [InlineData("MTIzNDU2Nzg5MA==")]
    [InlineData("12345/67890+")]
    [InlineData("１２３４５")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task A_nonce_that_is_not_ASCII_letters_and_digits_is_refused_even_when_signed(string nonce)
    {
        await using var app = SequentialApp();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed("/api/dialstatus/action", Form(NoAnswer)) with { Nonce = nonce });

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(PlivoSignatureV3.NonceHeader, response.Body, StringComparison.Ordinal);
        Assert.Equal(0, app.InMemoryStore.Count);
    }

    [Theory]
    [InlineData("05429567804466091622")]
    [InlineData("7")]
    [InlineData("a1B2c3D4e5")]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234")]
    public async Task A_nonce_of_ASCII_letters_and_digits_is_accepted(string nonce)
    {
        await using var app = SequentialApp();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, Signed("/api/dialstatus/action", Form(NoAnswer)) with { Nonce = nonce });

        Assert.Equal(200, response.StatusCode);
    }

    private static readonly (string, string)[] DialEvent =
    [
        ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", BLeg), ("DialAction", "answer"), ("Event", "DialAnswer"),
        ("DialBLegStatus", "answer"), ("DialBLegTo", "+14155550188"), ("From", "+14155550123"), ("To", "+14155550100"),
        ("CallStatus", "in-progress"), ("Direction", "inbound"),
    ];

    /// <summary>
    /// Every other query that signs like the genuine one: a run of two or more of its sorted pairs folded into one,
    /// split at each of the run's <c>=</c> into a name and a value, kept when its signed text is the genuine one's.
    /// </summary>
    private static IEnumerable<string> QueryFolds(string genuinePath, string method, List<KeyValuePair<string, string>> form)
    {
        var (path, query) = (genuinePath.Split('?')[0], genuinePath.Split('?')[1]);
        var pairs = PlivoParameters.ParseUrlEncoded(query).OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).ToList();
        var signed = SignedText(method, genuinePath, form, GenuineNonce);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var first = 0; first < pairs.Count; first++)
        {
            for (var last = first + 1; last < pairs.Count; last++)
            {
                var run = string.Join('&', pairs.Skip(first).Take(last - first + 1).Select(p => $"{p.Key}={p.Value}"));
                for (var equals = run.IndexOf('=', StringComparison.Ordinal); equals >= 0; equals = run.IndexOf('=', equals + 1))
                {
                    List<KeyValuePair<string, string>> folded = [.. pairs.Take(first), new(run[..equals], run[(equals + 1)..]), .. pairs.Skip(last + 1)];
                    var forged = path + "?" + TestRequest.EncodeForm(folded);
                    if (SignedText(method, forged, form, GenuineNonce) == signed && seen.Add(forged))
                    {
                        yield return forged;
                    }
                }
            }
        }
    }

    /// <summary>Sends every forgery (each already checked to sign like the genuine request): each must be a 400 that changes nothing.</summary>
    private static async Task AssertEveryForgeryIsRefusedUnchangedAsync(TestApp app, List<string> forgeries, Func<string, Task<TestResponse>> send)
    {
        var stored = app.InMemoryStore.Snapshot();
        var accepted = new List<string>();
        foreach (var forged in forgeries)
        {
            var response = await send(forged);
            if (response.StatusCode != 400 || !app.InMemoryStore.Snapshot().SequenceEqual(stored))
            {
                accepted.Add($"{response.StatusCode} for {forged}");
            }
        }

        Assert.NotEmpty(forgeries);
        Assert.True(accepted.Count == 0, $"{accepted.Count} of {forgeries.Count} forgeries were not refused unchanged:\n{string.Join('\n', accepted.Take(10))}");
    }

    private static TestApp SequentialApp() => TestApp.CreateInMemory(
        new Dictionary<string, string?> { ["Dial:Mode"] = "Sequential" },
        services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));

    private static List<KeyValuePair<string, string>> Form((string Name, string Value)[] fields) =>
        [.. fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value))];

    private static TestRequest Signed(string path, List<KeyValuePair<string, string>> form) =>
        new() { PathAndQuery = path, Form = form, Nonce = GenuineNonce };

    private static TestRequest SignedGet(string path) => TestRequest.Get(path) with { Nonce = GenuineNonce };

    private static string SignedText(string method, string pathAndQuery, IReadOnlyList<KeyValuePair<string, string>> form, string nonce) =>
        PlivoSignatureV3.BuildSignedText(method, TestApp.PublicBaseUrl + pathAndQuery, form, nonce);
}
