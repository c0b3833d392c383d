using System.Text.Json;
using Azure.Data.Tables;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Functions;

/// <summary>
/// <c>DELETE dialstatus/calls/{callUuid}</c>: one call erased on request, every record and index entry, against real
/// storage; what is left of it afterwards (no timeline, not in its day's report) and what a failure midway leaves.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EraseCallFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Erased = "5e1a2b3c-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string Kept = "6f2b3c4d-0c4c-4a4b-9d7e-2f7f5e0c1a12";
    private static readonly DateTimeOffset AnsweredAt = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly SettableTimeProvider _clock = new(AnsweredAt);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = CreateApp(azurite.ConnectionString);
        var calls = new PlayedCalls(_app, _clock);
        await calls.DialledAsync(Erased, AnsweredAt);
        await calls.DialledAsync(Kept, AnsweredAt.AddMinutes(5));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private TestApp CreateApp(string connectionString, FaultPolicy? fault = null, string? tableName = null) =>
        TestApp.Create(connectionString, tableName is null ? null : new Dictionary<string, string?> { ["DialStatus:TableName"] = tableName }, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
            if (fault is not null)
            {
                services.Configure<StoragePipelineOptions>(pipeline => pipeline.PerRetryPolicies.Add(fault));
            }
        });

    private static Task<TestResponse> EraseAsync(TestApp app, string callUuid) =>
        app.InvokeAsync((request, cancellationToken) => app.Create<EraseCallFunction>().Run(request, callUuid, cancellationToken),
            new TestRequest { Method = "DELETE", PathAndQuery = $"/api/dialstatus/calls/{callUuid}", ContentType = null, SigningToken = null });

    private async Task<List<TableEntity>> RecordsOfAsync(TestApp app, string callUuid) =>
        [.. (await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName)).Where(r => r.PartitionKey == callUuid)];

    private async Task<List<TableEntity>> EntriesOfAsync(TestApp app, string callUuid) =>
        [.. (await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(app.TableName))).Where(e => e.GetString(DayIndex.ALegUuidProperty) == callUuid)];

    private async Task<List<(string, string)>> KeysOfAsync(TestApp app, string callUuid) =>
        [.. (await RecordsOfAsync(app, callUuid)).Concat(await EntriesOfAsync(app, callUuid)).Select(e => (e.PartitionKey, e.RowKey)).Order()];

    [Fact]
    public async Task Erasing_a_call_answers_204_without_a_body_and_leaves_none_of_its_records_or_index_entries()
    {
        var response = await EraseAsync(_app, Erased);

        Assert.Equal((204, ""), (response.StatusCode, response.Body));
        Assert.Empty(await KeysOfAsync(_app, Erased));
    }

    [Fact]
    public async Task Erasing_a_call_leaves_every_other_call_as_it_was()
    {
        var before = await KeysOfAsync(_app, Kept);

        await EraseAsync(_app, Erased);

        Assert.Equal(PlayedCalls.DialledRecords + PlayedCalls.DialledIndexEntries, before.Count);
        Assert.Equal(before, await KeysOfAsync(_app, Kept));
    }

    [Fact]
    public async Task An_erased_call_has_no_timeline_and_its_days_report_no_longer_counts_it()
    {
        await EraseAsync(_app, Erased);

        var timeline = await _app.InvokeAsync((request, cancellationToken) => _app.Create<CallTimelineFunction>().Run(request, Erased, cancellationToken),
            TestRequest.Get($"/api/dialstatus/calls/{Erased}") with { SigningToken = null });
        var report = await _app.InvokeAsync(_app.Create<DailyReportFunction>().Run, TestRequest.Get("/api/dialstatus/report?date=2026-11-26") with { SigningToken = null });

        Assert.Equal(404, timeline.StatusCode);
        var json = JsonDocument.Parse(report.Body).RootElement;
        Assert.Equal((1, 1), (json.GetProperty("total").GetInt32(), json.GetProperty("dialAttempts").GetInt32()));
    }

    [Fact]
    public async Task Erasing_a_call_whose_hangup_was_redelivered_after_midnight_removes_its_entry_on_the_day_before_too()
    {
        const string redelivered = "7a3b4c5d-0c4c-4a4b-9d7e-2f7f5e0c1a14";
        var calls = new PlayedCalls(_app, _clock);
        await calls.HangupAsync(redelivered, new DateTimeOffset(2026, 11, 26, 23, 59, 50, TimeSpan.Zero));
        await calls.HangupAsync(redelivered, new DateTimeOffset(2026, 11, 27, 0, 0, 10, TimeSpan.Zero));

        await EraseAsync(_app, redelivered);

        Assert.Empty(await KeysOfAsync(_app, redelivered));
    }

    [Fact]
    public async Task Erasing_a_call_whose_PHLO_status_was_redelivered_after_midnight_removes_the_entry_it_left_beside_another_status()
    {
        const string phloCall = "8b4c5d6e-0c4c-4a4b-9d7e-2f7f5e0c1a15";
        await PhloAsync(phloCall, "no-answer", new DateTimeOffset(2026, 11, 26, 23, 59, 30, TimeSpan.Zero));
        await PhloAsync(phloCall, "completed", new DateTimeOffset(2026, 11, 26, 23, 59, 50, TimeSpan.Zero));
        await PhloAsync(phloCall, "completed", new DateTimeOffset(2026, 11, 27, 0, 0, 10, TimeSpan.Zero));

        await EraseAsync(_app, phloCall);

        Assert.Empty(await KeysOfAsync(_app, phloCall));
    }

    private async Task PhloAsync(string callUuid, string dialStatus, DateTimeOffset at)
    {
        _clock.Now = at;
        var response = await _app.InvokeAsync(_app.Create<PhloFunction>().Run,
            TestRequest.Post("/api/dialstatus/phlo", ("DialALegUUID", callUuid), ("DialStatus", dialStatus)) with { SigningToken = null });
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Erasing_a_call_a_second_time_is_a_404()
    {
        await EraseAsync(_app, Erased);

        Assert.Equal(404, (await EraseAsync(_app, Erased)).StatusCode);
    }

    [Fact]
    public async Task Erasing_an_unknown_call_is_a_404_that_touches_nothing()
    {
        var response = await EraseAsync(_app, "7a3c4d5e-0c4c-4a4b-9d7e-2f7f5e0c1a13");

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(PlayedCalls.DialledRecords + PlayedCalls.DialledIndexEntries, (await KeysOfAsync(_app, Erased)).Count);
    }

    [Fact]
    public async Task Erasing_an_unknown_call_says_which_call_has_no_records()
    {
        await using var app = TestApp.CreateInMemory();
        const string unknown = "7a3c4d5e-0c4c-4a4b-9d7e-2f7f5e0c1a13";

        var response = await EraseAsync(app, unknown);

        Assert.Equal($"No records for call '{unknown}'.", response.Body);
    }

    [Fact]
    public async Task Erasing_while_storage_is_unreachable_is_a_503()
    {
        await using var app = CreateApp(AzuriteProcess.UnreachableConnectionString());

        var response = await EraseAsync(app, Erased);

        Assert.Equal(503, response.StatusCode);
    }

    [Fact]
    public async Task An_erasure_that_storage_interrupts_removes_the_index_entries_first_and_a_repeated_request_finishes_it()
    {
        var tableName = "T" + Guid.NewGuid().ToString("N");
        var fault = FaultPolicy.Deletes(tableName);
        fault.On = false;
        await using var app = CreateApp(azurite.ConnectionString, fault, tableName);
        await new PlayedCalls(app, _clock).DialledAsync(Erased, AnsweredAt);

        fault.On = true;
        var interrupted = await EraseAsync(app, Erased);
        var (recordsLeft, entriesLeft) = ((await RecordsOfAsync(app, Erased)).Count, (await EntriesOfAsync(app, Erased)).Count);
        fault.On = false;
        var repeated = await EraseAsync(app, Erased);

        Assert.True(fault.Failed > 0, "the fault never fired");
        Assert.Equal((503, PlayedCalls.DialledRecords, 0), (interrupted.StatusCode, recordsLeft, entriesLeft));
        Assert.Equal(204, repeated.StatusCode);
        Assert.Empty(await KeysOfAsync(app, Erased));
    }

    [Fact]
    public async Task An_erasure_is_logged_with_its_record_count_and_counted_as_erasure()
    {
        using var deleted = new CallsDeletedCounter(_app);

        await EraseAsync(_app, Erased);

        var logged = Assert.Single(_app.Logs.Entries, e => e.EventId.Id == 4003);
        Assert.Equal((Erased, PlayedCalls.DialledRecords), ((string)logged["CallUUID"]!, (int)logged["RecordCount"]!));
        Assert.Equal([(DialStatusMetrics.Erasure, 1L)], deleted.ByReason);
    }
}
