using System.Text.Json;
using DialStatus.Functions;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Functions;
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
        Assert.Equal("no-answer", CallbackRecordJson.Read((string)abandoned["HeldRecord"]!).Fields["DialStatus"]);
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
        var store = new FailingOnceStore();
        await using var app = TestApp.CreateInMemory(configureServices: services => services.Replace(ServiceDescriptor.Singleton<ICallRecordStore>(store)));
        var held = app.Services.GetRequiredService<HeldRecords>();

        held.TryHold(HeldVersion("busy"), DateTimeOffset.UtcNow);

        await Eventually.HoldsAsync(TimeSpan.FromSeconds(30), () => Task.FromResult((0, store.Inner.Count == 1)));
        Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 3008);
        Assert.Equal(0, held.Count);
    }

    /// <summary>A store with a bug that strikes once: its first save throws instead of answering with an outcome.</summary>
    private sealed class FailingOnceStore : ICallRecordStore
    {
        private int _saves;

        public InMemoryCallRecordStore Inner { get; } = new();

        public Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _saves) == 1 ? throw new InvalidOperationException("a bug in the store") : Inner.SaveAsync(record, cancellationToken);

        public Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken) => Inner.ReadCallAsync(callUuid, cancellationToken);

        public Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken) => Inner.ReadDayAsync(day, cancellationToken);

        public Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken) => Inner.FindOldestDayAsync(before, cancellationToken);

        public Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken) => Inner.ReadDayCallsAsync(day, cancellationToken);

        public Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken) =>
            Inner.DeleteCallAsync(callUuid, anchorDay, cancellationToken);
    }
}
