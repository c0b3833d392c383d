using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Azure.Data.Tables;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Functions;

/// <summary>
/// The rest of a call's story: Dial callbackUrl events, ring, hangup, fallback and PHLO posts, each stored in
/// the call's partition, and the per-call timeline that reads them back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CallTimelineFunctionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ALeg = "aaaa1111-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string Winner = "bbbb2222-9d24-4f6b-8a13-72e5b4c9d806";
    private const string Loser1 = "cccc3333-9d24-4f6b-8a13-72e5b4c9d806";
    private const string Loser2 = "dddd4444-9d24-4f6b-8a13-72e5b4c9d806";

    private readonly SettableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Create(azurite.ConnectionString, configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TestResponse> Invoke<TFunction>(Func<TFunction, Func<HttpRequest, CancellationToken, Task<IActionResult>>> run, TestRequest request) =>
        _app.InvokeAsync(run(_app.Create<TFunction>()), request);

    private async Task<List<TableEntity>> RecordsAsync() =>
        (await RecordsTable.ReadAllAsync(azurite.ConnectionString, _app.TableName)).Where(r => r.PartitionKey == ALeg).ToList();

    private static TestRequest DialEvent(string bLeg, string dialAction, params (string, string)[] extra) =>
        TestRequest.Post("/api/dialstatus/callback",
        [
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialBLegUUID", bLeg), ("DialAction", dialAction),
            ("DialBLegStatus", dialAction == "hangup" ? "hangup" : "answer"), ("DialBLegTo", "+14155550188"), .. extra,
        ]);

    [Fact]
    public async Task Each_dial_event_is_one_record_per_B_leg_and_DialAction()
    {
        foreach (var action in new[] { "answer", "connected", "hangup" })
        {
            Assert.Equal(200, (await Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, action))).StatusCode);
        }

        var rowKeys = (await RecordsAsync()).Select(r => r.RowKey).Order();
        Assert.Equal([$"DialEvent-{Winner}-answer", $"DialEvent-{Winner}-connected", $"DialEvent-{Winner}-hangup"], rowKeys);
    }

    [Fact]
    public async Task Every_losing_leg_of_a_simultaneous_dial_gets_its_own_Lost_Race_record()
    {
        foreach (var loser in new[] { Loser1, Loser2 })
        {
            await Invoke<DialCallbackFunction>(f => f.Run, DialEvent(loser, "hangup",
                ("DialBLegHangupCauseName", "Lost Race"), ("DialBLegHangupCauseCode", "9000")));
        }

        var records = await RecordsAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("Lost Race", r.GetString("DialBLegHangupCauseName")));
        Assert.Equal([Loser1, Loser2], records.Select(r => r.GetString("DialBLegUUID")).Order());
    }

    [Fact]
    public async Task Dial_event_records_keep_Plivos_field_names()
    {
        await Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, "hangup",
            ("DialBLegDuration", "42"), ("DialBLegBillDuration", "60"), ("DialBLegHangupCause", "NORMAL_CLEARING"),
            ("DialBLegHangupCauseName", "Normal Hangup"), ("DialBLegHangupCauseCode", "4000"), ("DialBLegHangupSource", "Callee")));

        var record = Assert.Single(await RecordsAsync());
        Assert.Equal("DialEvent", record.GetString("RecordKind"));
        Assert.Equal("hangup", record.GetString("DialAction"));
        Assert.Equal("42", record.GetString("DialBLegDuration"));
        Assert.Equal("NORMAL_CLEARING", record.GetString("DialBLegHangupCause"));
        Assert.Equal("4000", record.GetString("DialBLegHangupCauseCode"));
        Assert.Equal("Callee", record.GetString("DialBLegHangupSource"));
        Assert.Equal("+14155550188", record.GetString("DialBLegTo"));
    }

    [Fact]
    public async Task A_dial_event_without_DialAction_is_a_400_naming_it()
    {
        var response = await Invoke<DialCallbackFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/callback", ("CallUUID", ALeg), ("DialBLegUUID", Winner)));

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("DialAction", response.Body);
    }

    [Fact]
    public async Task Ring_is_one_record_per_call()
    {
        var ring = TestRequest.Post("/api/dialstatus/ring", ("CallUUID", ALeg), ("Event", "Ring"), ("CallStatus", "ringing"), ("Direction", "outbound"));

        await Invoke<RingFunction>(f => f.Run, ring);
        await Invoke<RingFunction>(f => f.Run, ring);

        var record = Assert.Single(await RecordsAsync());
        Assert.Equal("Ring", record.RowKey);
        Assert.Equal("ringing", record.GetString("CallStatus"));
    }

    [Fact]
    public async Task Hangup_stores_cause_durations_and_console_time_zone_times_as_sent()
    {
        var response = await Invoke<HangupFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/hangup",
            ("CallUUID", ALeg), ("Event", "Hangup"), ("CallStatus", "completed"), ("HangupCause", "NORMAL_CLEARING"),
            ("HangupCauseName", "Normal Hangup"), ("HangupCauseCode", "4000"), ("HangupSource", "Caller"),
            ("Duration", "42"), ("BillDuration", "60"), ("StartTime", "2026-11-26 01:00:00"),
            ("AnswerTime", "2026-11-26 01:00:05"), ("EndTime", "2026-11-26 01:00:47")));

        Assert.Equal(200, response.StatusCode);
        var record = Assert.Single(await RecordsAsync());
        Assert.Equal("Hangup", record.GetString("RecordKind"));
        Assert.Equal("4000", record.GetString("HangupCauseCode"));
        Assert.Equal("Caller", record.GetString("HangupSource"));
        Assert.Equal("60", record.GetString("BillDuration"));
        Assert.Equal("2026-11-26 01:00:00", record.GetString("StartTime"));
        Assert.Equal("2026-11-26 01:00:47", record.GetString("EndTime"));
        Assert.Equal(_clock.Now, record.GetDateTimeOffset("ReceivedAtUtc"));
    }

    [Fact]
    public async Task A_hangup_posted_to_the_answer_URL_is_recorded_like_one_to_the_hangup_URL()
    {
        var response = await Invoke<AnswerFunction>(f => f.Run, TestRequest.Post("/api/dialstatus",
            ("CallUUID", ALeg), ("Event", "Hangup"), ("HangupCauseName", "Normal Hangup")));

        Assert.True(XNode.DeepEquals(new XElement("Response"), response.Xml));
        var record = Assert.Single(await RecordsAsync());
        Assert.Equal("Hangup", record.RowKey);
        Assert.Equal("Normal Hangup", record.GetString("HangupCauseName"));
    }

    [Fact]
    public async Task Fallback_connects_the_caller_with_the_answers_Dial_and_records_the_fallback()
    {
        var form = new[] { ("CallUUID", ALeg), ("Event", "StartApp"), ("CallStatus", "ringing") };
        var answer = await Invoke<AnswerFunction>(f => f.Run, TestRequest.Post("/api/dialstatus", form));

        var fallback = await Invoke<FallbackFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/fallback", form));

        Assert.True(XNode.DeepEquals(answer.Xml, fallback.Xml));
        Assert.Equal("Fallback", Assert.Single(await RecordsAsync()).GetString("RecordKind"));
    }

    [Fact]
    public async Task Fallback_still_connects_the_caller_when_storage_is_down()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString());

        var response = await app.InvokeAsync(app.Create<FallbackFunction>().Run, TestRequest.Post("/api/dialstatus/fallback", ("CallUUID", ALeg)));

        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(response.Xml.Element("Dial"));
    }

    public static TheoryData<string, TestRequest> PhloPosts => new()
    {
        { "query", TestRequest.Get($"/api/dialstatus/phlo?DialStatus=no-answer&DialALegUUID={ALeg}&DialBLegUUID=&DialRingStatus=true&DialHangupCause=NO_ANSWER") with { SigningToken = null } },
        { "form", TestRequest.Post("/api/dialstatus/phlo", ("DialStatus", "no-answer"), ("DialALegUUID", ALeg), ("DialRingStatus", "true"), ("DialHangupCause", "NO_ANSWER")) with { SigningToken = null } },
        {
            "json", new TestRequest
            {
                PathAndQuery = "/api/dialstatus/phlo",
                ContentType = "application/json",
                RawBody = JsonSerializer.SerializeToUtf8Bytes(new { DialStatus = "no-answer", DialALegUUID = ALeg, DialRingStatus = true, DialHangupCause = "NO_ANSWER" }),
                SigningToken = null,
            }
        },
    };

    [Theory]
    [MemberData(nameof(PhloPosts))]
    public async Task A_PHLO_post_lands_as_a_dial_status_record_marked_as_PHLO(string encoding, TestRequest request)
    {
        var response = await Invoke<PhloFunction>(f => f.Run, request);

        Assert.True(response.StatusCode == 200, $"{encoding}: {response.StatusCode} {response.Body}");
        var record = Assert.Single(await RecordsAsync());
        Assert.Equal("Phlo", record.GetString("RecordKind"));
        Assert.Equal("no-answer", record.GetString("DialStatus"));
        Assert.Equal("true", record.GetString("DialRingStatus"));
        Assert.Equal("NO_ANSWER", record.GetString("DialHangupCause"));
    }

    [Fact]
    public async Task A_PHLO_JSON_value_that_is_not_valid_Unicode_is_a_400_and_stores_nothing()
    {
        var request = new TestRequest
        {
            PathAndQuery = "/api/dialstatus/phlo",
            ContentType = "application/json",
            RawBody = Encoding.UTF8.GetBytes($$"""{"DialStatus":"busy","DialALegUUID":"{{ALeg}}","Note":"half \ud83d pair"}"""),
            SigningToken = null,
        };

        var response = await Invoke<PhloFunction>(f => f.Run, request);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Unicode", response.Body);
        Assert.Empty(await RecordsAsync());
    }

    [Fact]
    public async Task A_PHLO_POST_with_its_fields_in_the_query_is_stored()
    {
        var request = TestRequest.Post($"/api/dialstatus/phlo?DialStatus=busy&DialALegUUID={ALeg}") with { SigningToken = null, ContentType = null };

        var response = await Invoke<PhloFunction>(f => f.Run, request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("busy", Assert.Single(await RecordsAsync()).GetString("DialStatus"));
    }

    [Theory]
    [InlineData("code")]
    [InlineData("Code")]
    public async Task A_PHLO_posts_function_key_in_the_query_is_never_stored(string keyParameter)
    {
        var request = TestRequest.Post($"/api/dialstatus/phlo?{keyParameter}=s3cret-function-key", ("DialStatus", "busy"), ("DialALegUUID", ALeg)) with { SigningToken = null };

        var response = await Invoke<PhloFunction>(f => f.Run, request);

        Assert.Equal(200, response.StatusCode);
        var record = Assert.Single(await RecordsAsync());
        Assert.DoesNotContain(record, property => property.Value is string value && value.Contains("s3cret-function-key"));
    }

    [Fact]
    public async Task A_DialStatus_field_on_a_hangup_post_is_kept_raw_and_not_counted_as_a_dial_status()
    {
        var response = await Invoke<HangupFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg), ("Event", "Hangup"), ("DialStatus", "completed")));

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\"DialStatus\":\"completed\"", Assert.Single(await RecordsAsync()).GetString("RawParameters"));
        var index = await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(_app.TableName));
        var marker = Assert.Single(index, entry => entry.RowKey.StartsWith(ALeg, StringComparison.Ordinal));
        Assert.Equal($"{ALeg}|{DayIndex.CallMarker}", marker.RowKey);
        Assert.False(marker.ContainsKey("DialStatus"));
    }

    [Fact]
    public async Task PHLO_posts_from_two_Call_Forward_nodes_named_by_node_keep_a_record_each()
    {
        foreach (var node in new[] { "desk", "mobile" })
        {
            await Invoke<PhloFunction>(f => f.Run, TestRequest.Post($"/api/dialstatus/phlo?node={node}", ("DialStatus", "no-answer"), ("DialALegUUID", ALeg)) with { SigningToken = null });
        }

        var records = await RecordsAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(1, r.GetInt32("Attempt")));
    }

    [Fact]
    public async Task A_PHLO_post_without_DialStatus_is_a_400_naming_it()
    {
        var response = await Invoke<PhloFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/phlo", ("DialALegUUID", ALeg)) with { SigningToken = null });

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("DialStatus", response.Body);
    }

    [Fact]
    public async Task The_timeline_follows_a_call_from_ring_to_hangup_in_the_order_it_happened()
    {
        var steps = new (Func<Task<TestResponse>> Send, string Kind)[]
        {
            (() => Invoke<RingFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/ring", ("CallUUID", ALeg), ("Event", "Ring"))), "Ring"),
            (() => Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, "answer")), "DialEvent"),
            (() => Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Loser1, "hangup", ("DialBLegHangupCauseName", "Lost Race"))), "DialEvent"),
            (() => Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, "hangup")), "DialEvent"),
            (() => Invoke<DialActionFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/action", ("DialALegUUID", ALeg), ("DialStatus", "completed"), ("DialBLegUUID", Winner))), "DialAction"),
            (() => Invoke<HangupFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg), ("Event", "Hangup"))), "Hangup"),
        };
        foreach (var (send, _) in steps)
        {
            _clock.Now = _clock.Now.AddSeconds(1);
            Assert.Equal(200, (await send()).StatusCode);
        }

        var response = await Invoke<CallTimelineFunction>(f => (request, cancellationToken) => f.Run(request, ALeg, cancellationToken), TestRequest.Get($"/api/dialstatus/calls/{ALeg}") with { SigningToken = null });

        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("application/json", response.ContentType);
        var events = JsonDocument.Parse(response.Body).RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(steps.Select(s => s.Kind), events.Select(e => e.GetProperty("recordKind").GetString()));
        Assert.Equal("Lost Race", events[2].GetProperty("properties").GetProperty("DialBLegHangupCauseName").GetString());
        Assert.Equal("completed", events[4].GetProperty("rawParameters").GetProperty("DialStatus").GetString());
    }

    [Fact]
    public async Task The_timeline_of_an_unknown_call_is_a_404()
    {
        var response = await Invoke<CallTimelineFunction>(f => (request, cancellationToken) => f.Run(request, "no-such-call", cancellationToken), TestRequest.Get("/api/dialstatus/calls/no-such-call") with { SigningToken = null });

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task Two_digits_events_on_one_B_leg_that_differ_in_pattern_or_side_are_two_records()
    {
        await Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, "digits", ("DialDigitsMatch", "*1"), ("DialDigitsPressedBy", "ALeg")));
        await Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, "digits", ("DialDigitsMatch", "*2"), ("DialDigitsPressedBy", "ALeg")));
        await Invoke<DialCallbackFunction>(f => f.Run, DialEvent(Winner, "digits", ("DialDigitsMatch", "*1"), ("DialDigitsPressedBy", "BLeg")));

        Assert.Equal(3, (await RecordsAsync()).Select(r => r.RowKey).Distinct().Count());
    }

    [Fact]
    public async Task The_timelines_JSON_property_names_are_the_contract()
    {
        await Invoke<HangupFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg), ("Event", "Hangup")));

        var response = await Invoke<CallTimelineFunction>(f => (request, cancellationToken) => f.Run(request, ALeg, cancellationToken),
            TestRequest.Get($"/api/dialstatus/calls/{ALeg}") with { SigningToken = null });

        var timeline = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal(["callUuid", "events"], timeline.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["recordKind", "receivedAtUtc", "rowKey", "properties", "rawParameters"],
            Assert.Single(timeline.GetProperty("events").EnumerateArray()).EnumerateObject().Select(p => p.Name));
    }
}
