using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Plivo;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Hostile;

/// <summary>
/// Plivo's V3 signature joins the sorted POST fields' names and values without separators, so whoever holds one
/// genuine request can move the boundaries and keep the signature. Every such re-split of genuine requests of
/// every kind is generated here and sent with the genuine signature: none may add or remove a record, or change a
/// key or a field that keys or classifies one. What a re-split can still do is move text between free-text fields
/// of the same request (docs/security.md), and that is pinned too: it is all it can do.
/// </summary>
public sealed class ResplitTests
{
    private const string ALeg = "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string BLeg = "c0a58e17-9d24-4f6b-8a13-72e5b4c9d806";
    private const string Loser = "d1d1d1d1-0000-4000-8000-000000000002";

    private static readonly SettableTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    public static TheoryData<string> Genuine() => [.. GenuineRequests.Keys];

    /// <summary>Genuine requests as Plivo sends them, one per kind of callback (the answer stores nothing, but must not start to).</summary>
    private static readonly Dictionary<string, (string Path, (string, string)[] Form)> GenuineRequests = new()
    {
        ["answer"] = ("/api/dialstatus",
        [
            ("CallUUID", ALeg), ("From", "+14155550123"), ("To", "+14155550100"), ("Direction", "inbound"), ("CallStatus", "ringing"),
            ("Event", "StartApp"), ("CallerName", "JOHN SMITH"), ("SessionStart", "2026-11-30 10:00:00.123456"), ("STIRAttestation", "A"),
        ]),
        ["action-completed"] = ("/api/dialstatus/action?day=2026-11-30",
        [
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", BLeg), ("DialStatus", "completed"), ("DialRingStatus", "true"),
            ("DialHangupCause", "NORMAL_CLEARING"), ("From", "+14155550123"), ("To", "+14155550100"), ("CallStatus", "in-progress"), ("Direction", "inbound"),
        ]),
        ["action-no-answer"] = ("/api/dialstatus/action?attempt=1&day=2026-11-30",
        [
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", ""), ("DialStatus", "no-answer"), ("DialRingStatus", "true"),
            ("DialHangupCause", "NO_ANSWER"), ("From", "+14155550123"), ("To", "+14155550100"), ("CallStatus", "in-progress"), ("Direction", "inbound"),
        ]),
        ["action-from-sip-with-header"] = ("/api/dialstatus/action?day=2026-11-30",
        [
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", BLeg), ("DialStatus", "completed"), ("DialRingStatus", "true"),
            ("DialHangupCause", "NORMAL_CLEARING"), ("From", "sip:EventsTeam@example.com"), ("To", "+14155550100"), ("CallStatus", "in-progress"),
            ("Direction", "inbound"), ("X-PH-Desk", "DirectionsDesk"),
        ]),
        ["callback-answer"] = ("/api/dialstatus/callback?day=2026-11-30",
        [
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", BLeg), ("DialAction", "answer"), ("Event", "DialAnswer"),
            ("DialBLegStatus", "answer"), ("DialBLegTo", "+14155550188"), ("DialBLegFrom", "+14155550100"), ("DialBLegPosition", "1"),
            ("From", "+14155550123"), ("To", "+14155550100"), ("CallStatus", "in-progress"), ("Direction", "inbound"),
        ]),
        ["callback-lost-race"] = ("/api/dialstatus/callback?day=2026-11-30",
        [
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", Loser), ("DialAction", "hangup"), ("Event", "DialHangup"),
            ("DialBLegStatus", "hangup"), ("DialBLegTo", "sip:alice@phone.plivo.com"), ("DialBLegHangupCause", "ORIGINATOR_CANCEL"),
            ("DialBLegHangupCauseName", "Lost Race"), ("DialBLegHangupCauseCode", "9000"), ("DialBLegHangupSource", "Plivo"),
            ("DialBLegDuration", "0"), ("DialBLegBillDuration", "0"), ("From", "+14155550123"), ("To", "+14155550100"),
            ("CallStatus", "in-progress"), ("Direction", "inbound"),
        ]),
        ["ring"] = ("/api/dialstatus/ring",
        [
            ("CallUUID", ALeg), ("From", "+14155550100"), ("To", "+14155550188"), ("Direction", "outbound"), ("Event", "Ring"),
            ("CallStatus", "ringing"), ("RequestUUID", "8e2f6a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"), ("ALegRequestUUID", "8e2f6a1b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"),
        ]),
        ["hangup"] = ("/api/dialstatus/hangup",
        [
            ("CallUUID", ALeg), ("From", "+14155550123"), ("To", "+14155550100"), ("Direction", "inbound"), ("Event", "Hangup"),
            ("CallStatus", "completed"), ("HangupCause", "NORMAL_CLEARING"), ("HangupCauseName", "Normal Hangup"), ("HangupCauseCode", "4000"),
            ("HangupSource", "Caller"), ("Duration", "42"), ("BillDuration", "60"), ("StartTime", "2026-11-30 10:00:00"),
            ("AnswerTime", "2026-11-30 10:00:05"), ("EndTime", "2026-11-30 10:00:47"), ("TotalCost", "0.00850"), ("BillRate", "0.00850"),
        ]),
        ["fallback"] = ("/api/dialstatus/fallback",
        [
            ("CallUUID", ALeg), ("From", "+14155550123"), ("To", "+14155550100"), ("Direction", "inbound"), ("CallStatus", "ringing"),
            ("Event", "StartApp"), ("CallerName", "Front Desk"),
        ]),
    };

    /// <summary>The properties that key or classify a record or an index entry: a re-split must never change one.</summary>
    private static readonly HashSet<string> KeyingOrClassifying =
    [
        "RecordKind", "ReceivedAtUtc", "Attempt", "CallDay", "ALegUUID", PlivoFields.CallUuid, PlivoFields.DialALegUuid, PlivoFields.DialBLegUuid,
        PlivoFields.RequestUuid, PlivoFields.ALegRequestUuid, PlivoFields.DialStatus, PlivoFields.DialAction, PlivoFields.CallStatus,
        PlivoFields.Direction, PlivoFields.Event, PlivoFields.DialDigitsMatch, PlivoFields.DialDigitsPressedBy,
    ];

    [Theory]
    [MemberData(nameof(Genuine))]
    public async Task No_re_split_of_a_genuine_request_adds_a_record_or_changes_a_key_or_classification(string kind)
    {
        var (app, function, path, genuine) = await PlayGenuineAsync(kind);
        await using var _ = app;
        var stored = app.InMemoryStore.Snapshot(KeyingOrClassifying.Contains);

        var forgeries = Resplits(genuine).ToList();
        var changed = new List<string>();
        foreach (var forgery in forgeries)
        {
            var response = await app.InvokeAsync(function, new TestRequest { PathAndQuery = path, Form = forgery });
            if (!app.InMemoryStore.Snapshot(KeyingOrClassifying.Contains).SequenceEqual(stored))
            {
                changed.Add($"{response.StatusCode} for {Describe(forgery)}");
            }
            await app.InvokeAsync(function, new TestRequest { PathAndQuery = path, Form = genuine });
        }

        Assert.NotEmpty(forgeries);
        Assert.True(changed.Count == 0, $"{changed.Count} of {forgeries.Count} re-splits changed a record's keys or classification:\n{string.Join('\n', changed.Take(10))}");
    }

    [Theory]
    [MemberData(nameof(Genuine))]
    public async Task A_re_split_the_app_accepts_only_moved_text_between_free_text_fields(string kind)
    {
        var (app, function, path, genuine) = await PlayGenuineAsync(kind);
        await using var _ = app;
        var freeText = genuine.Select(field => field.Key).Where(name => !KeyingOrClassifying.Contains(name)).ToHashSet(StringComparer.Ordinal);

        var accepted = new List<string>();
        foreach (var forgery in Resplits(genuine))
        {
            if ((await app.InvokeAsync(function, new TestRequest { PathAndQuery = path, Form = forgery })).StatusCode == 200)
            {
                // The fields it changed, removed or invented: all free text (an invented name is free text by definition).
                var touched = forgery.Except(genuine).Concat(genuine.Except(forgery)).Select(field => field.Key).Distinct();
                accepted.AddRange(touched.Where(name => !freeText.Contains(name) && PlivoFields.Names.Contains(name)).Select(name => $"{name} in {Describe(forgery)}"));
            }
        }

        Assert.True(accepted.Count == 0, $"accepted re-splits touched fields that are not free text:\n{string.Join('\n', accepted.Take(10))}");
    }

    private static async Task<(TestApp App, Func<HttpRequest, CancellationToken, Task<IActionResult>> Function, string Path, List<KeyValuePair<string, string>> Genuine)>
        PlayGenuineAsync(string kind)
    {
        var (path, form) = GenuineRequests[kind];
        var genuine = form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).ToList();
        var app = TestApp.CreateInMemory(configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        var function = app.FunctionFor(path);
        Assert.Equal(200, (await app.InvokeAsync(function, new TestRequest { PathAndQuery = path, Form = genuine })).StatusCode);
        return (app, function, path, genuine);
    }

    /// <summary>
    /// Every other list of fields whose signed text is the genuine one's: a field swallowing the 1 to 3 fields
    /// after it, and every boundary moved (between a value and the next name, and between a name and its value) by
    /// any number of characters, and a value cut into a value and a new field of any length.
    /// </summary>
    private static IEnumerable<List<KeyValuePair<string, string>>> Resplits(List<KeyValuePair<string, string>> genuine)
    {
        var sorted = genuine.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();
        var signed = SignedText(sorted);
        var seen = new HashSet<string>(StringComparer.Ordinal) { Describe(sorted) };
        foreach (var candidate in Candidates(sorted))
        {
            if (candidate.All(f => f.Key.Length > 0) && SignedText(candidate) == signed && seen.Add(Describe(candidate)))
            {
                yield return candidate;
            }
        }
    }

    private static IEnumerable<List<KeyValuePair<string, string>>> Candidates(List<KeyValuePair<string, string>> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            for (var swallowed = 1; swallowed <= 3 && i + swallowed < fields.Count; swallowed++)
            {
                var text = string.Concat(fields.Skip(i + 1).Take(swallowed).Select(f => f.Key + f.Value));
                yield return [.. fields.Take(i), new(name, value + text), .. fields.Skip(i + 1 + swallowed)];
            }
            for (var cut = 1; cut < name.Length; cut++)
            {
                yield return Replace(fields, i, new(name[..cut], name[cut..] + value));
            }
            for (var cut = 1; cut <= value.Length; cut++)
            {
                yield return Replace(fields, i, new(name + value[..cut], value[cut..]));
                for (var newName = 1; newName <= value.Length - cut + 1 && cut < value.Length; newName++)
                {
                    var rest = value[cut..];
                    yield return [.. fields.Take(i), new(name, value[..cut]), new(rest[..Math.Min(newName, rest.Length)], rest[Math.Min(newName, rest.Length)..]), .. fields.Skip(i + 1)];
                }
            }
            if (i + 1 < fields.Count)
            {
                var (nextName, nextValue) = fields[i + 1];
                for (var moved = 1; moved <= value.Length; moved++)
                {
                    yield return [.. fields.Take(i), new(name, value[..^moved]), new(value[^moved..] + nextName, nextValue), .. fields.Skip(i + 2)];
                }
                for (var moved = 1; moved < nextName.Length; moved++)
                {
                    yield return [.. fields.Take(i), new(name, value + nextName[..moved]), new(nextName[moved..], nextValue), .. fields.Skip(i + 2)];
                }
            }
        }
    }

    private static List<KeyValuePair<string, string>> Replace(List<KeyValuePair<string, string>> fields, int index, KeyValuePair<string, string> field) =>
        [.. fields.Take(index), field, .. fields.Skip(index + 1)];

    private static string SignedText(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        PlivoSignatureV3.BuildSignedText("POST", TestApp.PublicBaseUrl + "/api/dialstatus", fields, "1");

    private static string Describe(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));
}
