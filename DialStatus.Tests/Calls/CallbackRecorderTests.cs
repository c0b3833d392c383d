using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Calls;

/// <summary>What the recorder tells operators about each callback it stores: a log line and a count, by kind.</summary>
public sealed class CallbackRecorderTests
{
    private const string ALeg = "e1e2e3e4-0c4c-4a4b-9d7e-2f7f5e0c1a11";

    private static TestRequest Hangup() => TestRequest.Post("/api/dialstatus/hangup",
        ("CallUUID", ALeg), ("Event", "Hangup"), ("CallStatus", "completed"), ("HangupCauseName", "Normal Hangup"));

    [Fact]
    public async Task A_stored_call_event_is_logged_with_its_kind_and_hangup_cause()
    {
        await using var app = TestApp.CreateInMemory();

        await app.InvokeAsync(app.Create<HangupFunction>().Run, Hangup());

        var stored = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 1003);
        Assert.Equal<object?[]>(["Hangup", ALeg, "Normal Hangup"], [stored["RecordKind"], stored["CallUUID"], stored["HangupCauseName"]]);
    }

    [Fact]
    public async Task A_call_event_logs_its_own_hangup_cause_name_before_its_B_legs()
    {
        await using var app = TestApp.CreateInMemory();

        await app.InvokeAsync(app.Create<HangupFunction>().Run, Hangup() with
        {
            Form = [.. Hangup().Form, new("DialBLegHangupCauseName", "Lost Race")],
        });

        Assert.Equal("Normal Hangup", Assert.Single(app.Logs.Entries, e => e.EventId.Id == 1003)["HangupCauseName"]);
    }

    [Fact]
    public async Task A_dial_event_logs_its_B_legs_hangup_cause_name()
    {
        await using var app = TestApp.CreateInMemory();

        await app.InvokeAsync(app.Create<DialCallbackFunction>().Run, TestRequest.Post("/api/dialstatus/callback?day=2026-11-30",
            ("DialALegUUID", ALeg), ("DialBLegUUID", "b1b2b3b4-0c4c-4a4b-9d7e-2f7f5e0c1a11"), ("DialAction", "hangup"),
            ("DialBLegHangupCauseName", "Lost Race")));

        Assert.Equal("Lost Race", Assert.Single(app.Logs.Entries, e => e.EventId.Id == 1003)["HangupCauseName"]);
    }

    [Fact]
    public async Task A_stored_dial_status_is_logged_with_the_attempt_it_reports()
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["Dial:Mode"] = "sequential" });

        await app.InvokeAsync(app.Create<DialActionFunction>().Run,
            TestRequest.Post("/api/dialstatus/action?attempt=2&day=2026-11-30", ("DialALegUUID", ALeg), ("DialStatus", "busy")));

        Assert.Equal(2, Assert.Single(app.Logs.Entries, e => e.EventId.Id == 1001)["Attempt"]);
    }

    [Fact]
    public async Task A_stored_callback_is_counted_by_its_kind()
    {
        await using var app = TestApp.CreateInMemory();
        using var measurements = new AppMeasurements(app);

        await app.InvokeAsync(app.Create<HangupFunction>().Run, Hangup());

        Assert.Equal(["Hangup"], measurements.Counted("dialstatus.callbacks", "kind"));
    }
}
