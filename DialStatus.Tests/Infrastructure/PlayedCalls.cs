using System.Globalization;
using DialStatus.Functions.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// Whole calls played into an app through its own webhook functions, each callback received at the time the test's
/// clock is set to, as Plivo would send them.
/// </summary>
internal sealed class PlayedCalls(TestApp app, SettableTimeProvider clock)
{
    private const string BLeg = "b1e2c3d4-0c4c-4a4b-9d7e-2f7f5e0c1a11";

    /// <summary>The records a call played by <see cref="DialledAsync"/> leaves.</summary>
    public const int DialledRecords = 4;

    /// <summary>Its day-index entries, when it hangs up on the day it was answered: the Dial's status and the call's marker.</summary>
    public const int DialledIndexEntries = 2;

    /// <summary>The records a call played by <see cref="DiallessAsync"/> leaves.</summary>
    public const int DiallessRecords = 2;

    /// <summary>Its day-index entries: the call's marker alone.</summary>
    public const int DiallessIndexEntries = 1;

    /// <summary>
    /// A call that reached a Dial, answered at <paramref name="answeredAt"/>: the B leg's answer and hangup events and
    /// the Dial action (its URLs carry the answer day), then the hangup <paramref name="hangupAfter"/> later (a
    /// minute by default), filed under the day it arrives.
    /// </summary>
    public async Task DialledAsync(string callUuid, DateTimeOffset answeredAt, TimeSpan? hangupAfter = null)
    {
        var day = $"?day={answeredAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        await PostAsync<DialCallbackFunction>(answeredAt.AddSeconds(5), f => f.Run, $"/api/dialstatus/callback{day}",
            ("CallUUID", callUuid), ("DialALegUUID", callUuid), ("DialBLegUUID", BLeg), ("DialAction", "answer"), ("DialBLegTo", "+14155550188"));
        await PostAsync<DialCallbackFunction>(answeredAt.AddSeconds(30), f => f.Run, $"/api/dialstatus/callback{day}",
            ("CallUUID", callUuid), ("DialALegUUID", callUuid), ("DialBLegUUID", BLeg), ("DialAction", "hangup"), ("DialBLegHangupCauseName", "Normal Hangup"));
        await PostAsync<DialActionFunction>(answeredAt.AddSeconds(31), f => f.Run, $"/api/dialstatus/action{day}",
            ("CallUUID", callUuid), ("DialALegUUID", callUuid), ("DialBLegUUID", BLeg), ("DialStatus", "completed"),
            ("DialHangupCause", "NORMAL_CLEARING"), ("From", "+14155550123"), ("To", "+14155550100"));
        await HangupAsync(callUuid, answeredAt + (hangupAfter ?? TimeSpan.FromMinutes(1)));
    }

    /// <summary>A call placed with the API that never reached a Dial: its ring at <paramref name="at"/>, and its hangup.</summary>
    public async Task DiallessAsync(string callUuid, DateTimeOffset at)
    {
        await PostAsync<RingFunction>(at, f => f.Run, "/api/dialstatus/ring",
            ("CallUUID", callUuid), ("From", "+14155550100"), ("To", "+14155550177"), ("Direction", "outbound"), ("CallStatus", "ringing"));
        await HangupAsync(callUuid, at.AddSeconds(40));
    }

    /// <summary>A call's hangup at <paramref name="at"/>: its only record, or one delivered again.</summary>
    public Task HangupAsync(string callUuid, DateTimeOffset at) =>
        PostAsync<HangupFunction>(at, f => f.Run, "/api/dialstatus/hangup",
            ("CallUUID", callUuid), ("Event", "Hangup"), ("CallStatus", "completed"), ("HangupCauseName", "Normal Hangup"), ("From", "+14155550123"));

    private async Task PostAsync<TFunction>(
        DateTimeOffset at, Func<TFunction, Func<HttpRequest, CancellationToken, Task<IActionResult>>> run, string pathAndQuery,
        params (string Name, string Value)[] form)
    {
        clock.Now = at;
        var response = await app.InvokeAsync(run(app.Create<TFunction>()), TestRequest.Post(pathAndQuery, form));
        if (response.StatusCode != 200)
        {
            throw new InvalidOperationException($"{pathAndQuery} for {form[0].Value} answered {response.StatusCode}: {response.Body}");
        }
    }
}
