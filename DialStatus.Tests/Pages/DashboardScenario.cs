using System.Net;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Tests.Pages;

/// <summary>
/// Calls played in over HTTP through the app's own webhook routes (signed like Plivo's), so the dashboard is
/// drawn from real records: on <see cref="Day"/> seven calls (answered, busy, unanswered, failed, one dialled
/// in sequence), a busy call the day before, and on the day after one call whose every value is hostile markup.
/// The webhooks refuse hostile values in the fields that key or classify a record (a call UUID, a status), so that
/// call is saved through the app's own store: the pages must be safe for any record that exists, however it came.
/// </summary>
internal sealed class DashboardScenario(FunctionHost host, SettableTimeProvider clock)
{
    public static readonly DateOnly Day = new(2026, 11, 26);
    public static readonly DateOnly HostileDay = Day.AddDays(1);

    public const string FunctionKey = "test-function-key/+=";

    public const string Answered = "0a7c2f3e-5b1d-4c8e-9f60-1d2e3f4a5b61";
    public const string AnsweredLeg = "b1e9d8c7-6a5b-4c3d-8e2f-1a0b9c8d7e62";
    public const string Busy = "1b8d3a4f-6c2e-4d9f-8a71-2e3f4a5b6c72";
    public const string BusyLeg = "c2f0e9d8-7b6c-4d4e-9f3a-2b1c0d9e8f73";
    public const string AnsweredToo = "2c9e4b5a-7d3f-4e0a-9b82-3f4a5b6c7d83";
    public const string NoAnswer = "3d0f5c6b-8e4a-4f1b-8c93-4a5b6c7d8e94";
    public const string Sequential = "4e1a6d7c-9f5b-4a2c-9da4-5b6c7d8e9fa5";
    public const string Failed = "5f2b7e8d-0a6c-4b3d-8eb5-6c7d8e9fa0b6";
    public const string LastOfDay = "6a3c8f9e-1b7d-4c4e-9fc6-7d8e9fa0b1c7";
    public const string DayBefore = "7b4d9a0f-2c8e-4d5f-8ad7-8e9fa0b1c2d8";

    public const string Script = "<script>alert(1)</script>";
    public const string AttributeBreakout = "\"><img src=x onerror=alert(2)>";
    public const string TextareaBreakout = "</textarea><script>alert(3)</script>";
    public const string JavaScriptUrl = "javascript:alert(4)";
    public const string SingleQuoteBreakout = "'><svg onload=alert(5)>";

    /// <summary>The hostile call's UUID is hostile too: it lands in links, headings and the 404 message.</summary>
    public const string HostileCall = AttributeBreakout;

    public static readonly string[] HostileValues = [Script, AttributeBreakout, TextareaBreakout, JavaScriptUrl, SingleQuoteBreakout];

    private static DateTimeOffset At(DateOnly day, int hour, int minute, int second) =>
        new(day.ToDateTime(new TimeOnly(hour, minute, second)), TimeSpan.Zero);

    public async Task PlayAsync()
    {
        await AnsweredCallAsync(At(Day, 8, 12, 5));
        await BusyCallAsync(At(Day, 9, 40, 9));
        await DialStatusAsync(At(Day, 9, 47, 0), AnsweredToo, "completed", "NORMAL_CLEARING");
        await DialStatusAsync(At(Day, 11, 15, 30), NoAnswer, "no-answer", "NO_ANSWER", from: "+14155550142");
        await DialStatusAsync(At(Day, 14, 2, 0), Sequential, "no-answer", "NO_ANSWER", attempt: 1);
        await DialStatusAsync(At(Day, 14, 2, 31), Sequential, "completed", "NORMAL_CLEARING", attempt: 2);
        await DialStatusAsync(At(Day, 16, 20, 0), Failed, "failed", "UNALLOCATED_NUMBER", from: "+14155550177");
        await DialStatusAsync(At(Day, 23, 59, 59), LastOfDay, "completed", "NORMAL_CLEARING");
        await DialStatusAsync(At(Day.AddDays(-1), 23, 30, 0), DayBefore, "busy", "USER_BUSY");
        await HostileCallAsync(At(HostileDay, 10, 0, 0));
    }

    /// <summary>Ring at the B leg, the Dial's completed status and the call's hangup.</summary>
    private async Task AnsweredCallAsync(DateTimeOffset at)
    {
        await SendAsync(at, TestRequest.Post("/api/dialstatus/callback",
            ("CallUUID", Answered), ("DialALegUUID", Answered), ("DialBLegUUID", AnsweredLeg), ("DialAction", "answer"),
            ("DialBLegStatus", "answer"), ("DialBLegTo", "+14155550188"), ("From", "+14155550123"), ("To", "+14155550100")));
        await SendAsync(at.AddSeconds(1), TestRequest.Post("/api/dialstatus/action",
            ("DialALegUUID", Answered), ("DialBLegUUID", AnsweredLeg), ("DialStatus", "completed"), ("DialRingStatus", "true"),
            ("DialHangupCause", "NORMAL_CLEARING"), ("From", "+14155550123"), ("To", "+14155550100")));
        await SendAsync(at.AddSeconds(2), TestRequest.Post("/api/dialstatus/hangup",
            ("CallUUID", Answered), ("Event", "Hangup"), ("CallStatus", "completed"), ("HangupCauseName", "Normal Hangup"),
            ("HangupCause", "NORMAL_CLEARING"), ("Duration", "42"), ("From", "+14155550123"), ("To", "+14155550100")));
    }

    /// <summary>The B leg's busy hangup, the Dial's busy status and the call's hangup.</summary>
    private async Task BusyCallAsync(DateTimeOffset at)
    {
        await SendAsync(at, TestRequest.Post("/api/dialstatus/callback",
            ("CallUUID", Busy), ("DialALegUUID", Busy), ("DialBLegUUID", BusyLeg), ("DialAction", "hangup"), ("DialBLegStatus", "hangup"),
            ("DialBLegTo", "+14155550188"), ("DialBLegHangupCause", "USER_BUSY"), ("DialBLegHangupCauseName", "Busy Line"),
            ("From", "+14155550111"), ("To", "+14155550100")));
        await DialStatusAsync(at.AddSeconds(1), Busy, "busy", "USER_BUSY", from: "+14155550111");
        await SendAsync(at.AddSeconds(2), TestRequest.Post("/api/dialstatus/hangup",
            ("CallUUID", Busy), ("Event", "Hangup"), ("CallStatus", "completed"), ("HangupCauseName", "Normal Hangup"),
            ("HangupCause", "NORMAL_CLEARING"), ("Duration", "0"), ("From", "+14155550111"), ("To", "+14155550100")));
    }

    private Task DialStatusAsync(DateTimeOffset at, string call, string dialStatus, string cause, string from = "+14155550123", int attempt = 1) =>
        SendAsync(at, TestRequest.Post($"/api/dialstatus/action?attempt={attempt}",
            ("DialALegUUID", call), ("DialStatus", dialStatus), ("DialHangupCause", cause), ("From", from), ("To", "+14155550100")));

    /// <summary>A fallback (which keeps CallerName), a busy Dial and a hangup, every value hostile, the call UUID too.</summary>
    private async Task HostileCallAsync(DateTimeOffset at)
    {
        await SaveAsync(new CallbackRecord(HostileCall, RecordKey.Fallback, Fields(
            ("CallUUID", HostileCall), ("CallerName", SingleQuoteBreakout), ("From", Script), ("To", AttributeBreakout), ("CallStatus", TextareaBreakout)),
            AnswerHandler.FallbackFields, at));
        await SaveAsync(new CallbackRecord(HostileCall, RecordKey.DialAction(1), Fields(
            ("DialALegUUID", HostileCall), ("DialStatus", "busy"), ("DialHangupCause", TextareaBreakout), ("From", Script),
            ("To", AttributeBreakout), ("DialBLegUUID", JavaScriptUrl), ("Note", JavaScriptUrl), (Script, SingleQuoteBreakout)),
            DialActionHandler.RecordedFields, at.AddSeconds(1), Attempt: 1));
        await SaveAsync(new CallbackRecord(HostileCall, RecordKey.Hangup, Fields(
            ("CallUUID", HostileCall), ("Event", "Hangup"), ("HangupCauseName", Script), ("CallerName", SingleQuoteBreakout)),
            CallLifecycleHandler.HangupFields, at.AddSeconds(2)));
    }

    private static PlivoParameters Fields(params (string Name, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)));

    private async Task SaveAsync(CallbackRecord record) =>
        Assert.Null((await host.Services.GetRequiredService<ICallRecordStore>().SaveAsync(record, CancellationToken.None)).Ended);

    private async Task SendAsync(DateTimeOffset at, TestRequest request)
    {
        clock.Now = at;
        using var response = await host.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.PathAndQuery}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
