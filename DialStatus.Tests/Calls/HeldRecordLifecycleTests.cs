using System.Text.Json;
using DialStatus.Cli.Reingest;
using DialStatus.Functions;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DialStatus.Tests.Calls;

/// <summary>
/// How a held record ends: written by the writer, superseded by a newer version written directly, or logged in
/// full when the app is stopping; and the writer outlives a fault of its own.
/// </summary>
public sealed class HeldRecordLifecycleTests
{
    private const string ALeg = "3c1e5a7b-9d2f-4a6c-8e0b-1d3f5a7c9e2b";

    private static TestRequest DialAction(string dialStatus) =>
        TestRequest.Post("/api/dialstatus/action?attempt=1&day=2026-11-30",
            ("CallUUID", ALeg), ("DialALegUUID", ALeg), ("DialStatus", dialStatus), ("DialBLegUUID", ""), ("From", "+14155550123"), ("To", "+14155550100"));

    private static CallbackRecord HeldVersion(string dialStatus) =>
        new(ALeg, RecordKey.DialAction(1), PlivoParameters.ParseUrlEncoded($"DialALegUUID={ALeg}&DialStatus={dialStatus}"), [],
            new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero), 1, new DateOnly(2026, 11, 30));

    private static void WithoutWriter(IServiceCollection services) =>
        services.RemoveAll<IHostedService>();

    [Fact]
    public async Task A_status_written_directly_lets_go_of_the_older_held_version_so_it_is_never_put_back()
    {
        await using var app = TestApp.CreateInMemory(configureServices: WithoutWriter);
        var held = app.Services.GetRequiredService<HeldRecords>();
        held.TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction("no-answer"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public async Task A_status_storage_cannot_take_while_the_app_is_stopping_is_logged_in_full_at_once()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(), configureServices: WithoutWriter);
        var held = app.Services.GetRequiredService<HeldRecords>();
        held.Close();

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction("no-answer"));

        Assert.Equal(200, response.StatusCode);
        var abandoned = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3006);
        Assert.Contains("stopping", (string)abandoned["Reason"]!);
        Assert.Equal("no-answer", HeldRecordJson.Read((string)abandoned["HeldRecord"]!).Fields["DialStatus"]);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public async Task A_record_longer_than_a_log_property_is_logged_in_parts_that_re_ingest_as_the_record()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(), configureServices: WithoutWriter);
        app.Services.GetRequiredService<HeldRecords>().Close();
        var callerName = string.Concat(Enumerable.Repeat("Ann \"the caller\" ", 1500));

        await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction("no-answer") with { Form = [.. DialAction("no-answer").Form, new("CallerName", callerName)] });

        var lines = app.Logs.Entries.Where(e => e.EventId.Id == 3006).Select(e => (string)e["HeldRecord"]!).ToList();
        Assert.All(lines, line => Assert.InRange(line.Length, 1, CallbackRecordJson.LogPropertyLimit));
        var store = new InMemoryCallRecordStore();
        var summary = await HeldRecordReingest.ReingestAsync(store, lines, CancellationToken.None);
        Assert.Equal((1, 0), (summary.Written, summary.Failures.Count));
        var stored = Assert.Single((await store.ReadCallAsync(ALeg, CancellationToken.None)).Value);
        Assert.Equal(callerName, JsonDocument.Parse(stored.RawParameters!).RootElement.GetProperty("CallerName").GetString());
    }

    [Fact]
    public async Task The_writer_outlives_a_fault_of_its_own_and_writes_the_record_on_its_next_pass()
    {
        var store = new FaultingSaveStore((save, _) => save == 1 ? throw new InvalidOperationException("a bug in the store") : null);
        await using var app = WithStore(store);
        var held = app.Services.GetRequiredService<HeldRecords>();

        held.TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        await Eventually.HoldsAsync(TimeSpan.FromSeconds(30), () => Task.FromResult((0, store.Inner.Count == 1)));
        Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 3008);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public async Task A_held_record_written_late_is_counted_and_logged_with_its_call()
    {
        await using var app = TestApp.CreateInMemory();
        using var measurements = new AppMeasurements(app);

        app.Services.GetRequiredService<HeldRecords>().TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        await Eventually.HoldsAsync(TimeSpan.FromSeconds(30), () => Task.FromResult((0, app.Logs.Entries.Any(e => e.EventId.Id == 3005))));
        Assert.Equal(ALeg, Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3005)["CallUUID"]);
        Assert.Equal(["DialAction"], measurements.Counted("dialstatus.outbox.written", "kind"));
    }

    [Fact]
    public async Task A_held_record_storage_refuses_is_logged_in_full_with_storages_reason_and_let_go()
    {
        const string refusal = "The property value exceeds the maximum allowed size (64KB).";
        var store = new FaultingSaveStore((_, _) => new Outcome.Refused(Refusal.StorageRefused, refusal));
        await using var app = WithStore(store);
        var held = app.Services.GetRequiredService<HeldRecords>();

        held.TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        await Eventually.HoldsAsync(TimeSpan.FromSeconds(30), () => Task.FromResult((0, app.Logs.Entries.Any(e => e.EventId.Id == 3006))));
        var abandoned = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3006);
        Assert.Equal(refusal, abandoned["Reason"]);
        Assert.Equal("busy", HeldRecordJson.Read((string)abandoned["HeldRecord"]!).Fields["DialStatus"]);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public async Task Stopping_writes_what_is_held_when_storage_takes_it_in_the_last_attempt()
    {
        await using var app = TestApp.CreateInMemory(configureServices: WithoutWriter);
        var held = app.Services.GetRequiredService<HeldRecords>();
        held.TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        await held.StopAsync(CancellationToken.None);

        Assert.Equal("DialAction-01", Assert.Single((await app.InMemoryStore.ReadCallAsync(ALeg, CancellationToken.None)).Value).RowKey);
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Id == 3006);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public async Task Stopping_while_storage_is_down_logs_each_held_record_as_abandoned_because_the_app_stopped()
    {
        await using var app = WithStore(StorageDown(), WithoutWriter);
        var held = app.Services.GetRequiredService<HeldRecords>();
        held.TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        await held.StopAsync(CancellationToken.None);

        Assert.Equal("the app stopped before storage took it", Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3006)["Reason"]);
        Assert.Equal(0, held.Count);
    }

    [Fact]
    public async Task A_status_that_finds_the_outbox_full_is_logged_in_full_saying_so()
    {
        await using var app = WithStore(StorageDown(), WithoutWriter);
        var held = app.Services.GetRequiredService<HeldRecords>();
        for (var i = 0; i < HeldRecords.Capacity; i++)
        {
            held.TryHold(HeldVersion("busy") with { CallUuid = TestCalls.Uuid($"waiting-{i}") }, DateTimeOffset.UtcNow);
        }

        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction("no-answer"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal($"storage is down, and {HeldRecords.Capacity} records are already waiting",
            Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3006)["Reason"]);
    }

    private static FaultingSaveStore StorageDown() => new((_, _) => new Outcome.StorageUnavailable("storage is down"));

    private static TestApp WithStore(ICallRecordStore store, Action<IServiceCollection>? configureServices = null) =>
        TestApp.CreateInMemory(configureServices: services =>
        {
            services.Replace(ServiceDescriptor.Singleton(store));
            configureServices?.Invoke(services);
        });
}
