using System.Text.Json;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Calls;

/// <summary>
/// How a call's timeline orders what arrived in the same instant (Plivo often posts a call's last callbacks within
/// one clock tick), and how it writes each record, read through the timeline endpoint over the in-memory store.
/// </summary>
public sealed class CallTimelineTests : IAsyncLifetime
{
    private const string ALeg = "a1a2a3a4-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string FirstBLeg = "b1b2b3b4-9d24-4f6b-8a13-72e5b4c9d806";
    private const string SecondBLeg = "c1c2c3c4-9d24-4f6b-8a13-72e5b4c9d806";

    /// <summary>Never moves: every record is received in the same instant.</summary>
    private readonly SettableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.CreateInMemory(configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TestResponse> Post<TFunction>(Func<TFunction, Func<HttpRequest, CancellationToken, Task<IActionResult>>> run, TestRequest request) =>
        _app.InvokeAsync(run(_app.Create<TFunction>()), request);

    private Task<TestResponse> DialEventAsync(string bLeg) => Post<DialCallbackFunction>(f => f.Run,
        TestRequest.Post("/api/dialstatus/callback", ("DialALegUUID", ALeg), ("DialBLegUUID", bLeg), ("DialAction", "answer")));

    private async Task<List<JsonElement>> EventsAsync()
    {
        var response = await _app.InvokeAsync((request, cancellationToken) => _app.Create<CallTimelineFunction>().Run(request, ALeg, cancellationToken),
            TestRequest.Get($"/api/dialstatus/calls/{ALeg}") with { SigningToken = null });
        return [.. JsonDocument.Parse(response.Body).RootElement.GetProperty("events").EnumerateArray()];
    }

    [Fact]
    public async Task Records_received_in_the_same_instant_are_told_in_the_order_a_call_unfolds()
    {
        // Posted in the reverse of the order a call produces them.
        await Post<HangupFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg), ("Event", "Hangup")));
        await Post<DialActionFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/action", ("DialALegUUID", ALeg), ("DialStatus", "completed")));
        await DialEventAsync(FirstBLeg);
        await Post<RingFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/ring", ("CallUUID", ALeg), ("Event", "Ring")));

        Assert.Equal(["Ring", "DialEvent", "DialAction", "Hangup"], (await EventsAsync()).Select(e => e.GetProperty("recordKind").GetString()));
    }

    [Fact]
    public async Task Records_of_one_kind_received_in_the_same_instant_are_in_row_key_order()
    {
        await DialEventAsync(SecondBLeg);
        await DialEventAsync(FirstBLeg);

        Assert.Equal([$"DialEvent-{FirstBLeg}-answer", $"DialEvent-{SecondBLeg}-answer"], (await EventsAsync()).Select(e => e.GetProperty("rowKey").GetString()));
    }

    [Fact]
    public async Task A_records_properties_are_listed_in_name_order()
    {
        await Post<HangupFunction>(f => f.Run, TestRequest.Post("/api/dialstatus/hangup",
            ("To", "+14155550100"), ("CallUUID", ALeg), ("From", "+14155550123"), ("Event", "Hangup"), ("CallStatus", "completed")));

        var names = Assert.Single(await EventsAsync()).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }
}
