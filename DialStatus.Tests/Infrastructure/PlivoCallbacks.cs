using DialStatus.Functions.Plivo;

namespace DialStatus.Tests.Infrastructure;

/// <summary>One simulated call: its A leg and the parties, as Plivo reports them.</summary>
public sealed record PlivoCall(string ALeg, string From, string To, string Direction = "inbound")
{
    public static PlivoCall Create(Random random, string direction = "inbound") => new(
        NewUuid(random),
        $"+1415{random.Next(1_000_000, 9_999_999)}",
        "+14155550100",
        direction);

    /// <summary>A Plivo-style UUID from <paramref name="random"/>, so that a seeded run is repeatable.</summary>
    public static string NewUuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}

/// <summary>
/// The callbacks Plivo sends during a call, with the fields its docs list for each URL, signed with the
/// test auth token (<see cref="TestRequest"/>). Shared by the allocation guard, the load tool and the benchmarks.
/// </summary>
public static class PlivoCallbacks
{
    public const string AnswerPath = "/api/dialstatus";
    public const string ActionPath = "/api/dialstatus/action";
    public const string CallbackPath = "/api/dialstatus/callback";
    public const string RingPath = "/api/dialstatus/ring";
    public const string HangupPath = "/api/dialstatus/hangup";
    public const string FallbackPath = "/api/dialstatus/fallback";
    public const string PhloPath = "/api/dialstatus/phlo";

    /// <summary>The answer URL's request (or the fallback URL's, with <paramref name="path"/>).</summary>
    public static TestRequest Answer(PlivoCall call, string path = AnswerPath) => TestRequest.Post(path,
    [
        .. CallFields(call, "ringing"), ("Event", "StartApp"), ("CallerName", "Caller"), ("BillRate", "0.0085"),
        ("SessionStart", "2026-11-26 09:00:00.000000"), ("STIRVerification", "Verified"),
    ]);

    /// <summary>The ring_url of an API-placed call.</summary>
    public static TestRequest Ring(PlivoCall call) => TestRequest.Post(RingPath,
    [
        .. CallFields(call, "ringing"), ("Event", "Ring"), ("RequestUUID", call.ALeg), ("ALegRequestUUID", call.ALeg),
        ("SessionStart", "2026-11-26 09:00:00.000000"), ("STIRAttestation", "A"),
    ]);

    /// <summary>One live B-leg event of the Dial's callbackUrl: answer, connected or hangup.</summary>
    public static TestRequest DialEvent(PlivoCall call, string bLeg, string bLegTo, int position, string dialAction, string? hangupCauseName = null)
    {
        (string, string)[] fields =
        [
            ("DialAction", dialAction), ("DialBLegStatus", dialAction == "hangup" ? "hangup" : "answer"),
            ("DialALegUUID", call.ALeg), ("DialBLegUUID", bLeg), ("DialBLegFrom", call.From), ("DialBLegTo", bLegTo),
            ("DialBLegPosition", position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. CallFields(call, "in-progress"), ("Event", "DialAction"),
        ];
        if (hangupCauseName is not null)
        {
            var (cause, code, duration) = hangupCauseName switch
            {
                "Lost Race" => ("LOSE_RACE", "9000", "0"),
                "No Answer" => ("NO_ANSWER", "3000", "0"),
                "Busy Line" => ("USER_BUSY", "3010", "0"),
                _ => ("NORMAL_CLEARING", "4000", "42"),
            };
            fields =
            [
                .. fields, ("DialBLegDuration", duration), ("DialBLegBillDuration", duration == "0" ? "0" : "60"),
                ("DialBLegHangupCause", cause), ("DialBLegHangupCauseName", hangupCauseName),
                ("DialBLegHangupCauseCode", code), ("DialBLegHangupSource", duration == "0" ? "Plivo" : "Callee"),
            ];
        }
        return TestRequest.Post(CallbackPath, fields);
    }

    /// <summary>The Dial action URL's request: the Dial's outcome.</summary>
    public static TestRequest DialAction(PlivoCall call, string? bLeg, string dialStatus, string dialHangupCause) => TestRequest.Post(ActionPath,
    [
        .. CallFields(call, dialStatus == "completed" ? "completed" : "in-progress"), ("Event", "Redirect"),
        ("ALegUUID", call.ALeg), ("ALegRequestUUID", call.ALeg), ("RequestUUID", call.ALeg), ("CallerName", "Caller"),
        ("BillRate", "0.0085"), ("SessionStart", "2026-11-26 09:00:00.000000"), ("STIRVerification", "Verified"),
        ("DialStatus", dialStatus), ("DialALegUUID", call.ALeg), ("DialBLegUUID", bLeg ?? ""), ("DialRingStatus", "true"),
        ("DialHangupCause", dialHangupCause),
    ]);

    /// <summary>The hangup_url's request, or the same post to the answer URL (<paramref name="path"/>).</summary>
    public static TestRequest Hangup(PlivoCall call, bool answered, string path = HangupPath) => TestRequest.Post(path,
    [
        .. CallFields(call, "completed"), ("Event", "Hangup"), ("RequestUUID", call.ALeg), ("ALegUUID", call.ALeg),
        ("ALegRequestUUID", call.ALeg), ("HangupCause", "NORMAL_CLEARING"), ("HangupCauseName", "Normal Hangup"),
        ("HangupCauseCode", "4000"), ("HangupSource", answered ? "Caller" : "Plivo"), ("Duration", answered ? "42" : "20"),
        ("BillDuration", "60"), ("StartTime", "2026-11-26 01:00:00"), ("AnswerTime", answered ? "2026-11-26 01:00:05" : ""),
        ("EndTime", "2026-11-26 01:00:47"), ("SessionStart", "2026-11-26 09:00:00.000000"), ("STIRAttestation", "A"),
        ("TotalCost", "0.01700"), ("BillRate", "0.0085"),
    ]);

    /// <summary>A PHLO HTTP Request node's post (unsigned: a function key guards that route), as a form, JSON or a GET query.</summary>
    public static TestRequest Phlo(PlivoCall call, string? bLeg, string dialStatus, string dialHangupCause, string encoding)
    {
        (string Name, string Value)[] fields =
        [
            ("DialStatus", dialStatus), ("DialALegUUID", call.ALeg), ("DialBLegUUID", bLeg ?? ""), ("DialRingStatus", "true"),
            ("DialHangupCause", dialHangupCause),
        ];
        return encoding switch
        {
            "json" => new TestRequest
            {
                PathAndQuery = PhloPath,
                ContentType = "application/json",
                RawBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(fields.ToDictionary(f => f.Name, f => f.Value)),
                SigningToken = null,
            },
            "query" => TestRequest.Get($"{PhloPath}?{TestRequest.EncodeForm(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)))}") with { SigningToken = null },
            _ => TestRequest.Post(PhloPath, fields) with { SigningToken = null },
        };
    }

    /// <summary>
    /// Signs now, once: the copy carries the signature headers and its encoded body, so building its
    /// <c>HttpContext</c> again and again costs neither an HMAC nor form encoding (the sender's work, not ours).
    /// </summary>
    public static TestRequest Presigned(this TestRequest request) =>
        request with { SigningToken = null, RawBody = request.Body, Headers = new(request.AllHeaders()) };

    private static (string, string)[] CallFields(PlivoCall call, string callStatus) =>
        [("CallUUID", call.ALeg), ("From", call.From), ("To", call.To), ("CallStatus", callStatus), ("Direction", call.Direction)];
}
