using DialStatus.Functions;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Storage;

/// <summary>
/// The store itself, against Azurite: whatever text reaches a key (the webhooks refuse such values, but the store
/// never relies on that), the key stays within Table Storage's rules and the value is kept verbatim.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableCallRecordStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ALeg = "8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static CallbackRecord SecondDial(string callerName = "Ann", string aLeg = ALeg) => new(aLeg, RecordKey.DialAction(2),
        PlivoParameters.ParseUrlEncoded($"DialALegUUID={aLeg}&DialStatus=busy&CallerName={Uri.EscapeDataString(callerName)}"),
        [.. DialActionHandler.RecordedFields, PlivoFields.CallerName], ReceivedAt, Attempt: 2);

    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Create(azurite.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<Result<Stored>> SaveAsync(CallbackRecord record) => _app.Store.SaveAsync(record, CancellationToken.None);

    /// <summary>An app whose every storage request fails as a storage service that stopped answering would.</summary>
    private TestApp CreateAppWithStorageFailing() => TestApp.Create(azurite.ConnectionString, configureServices: TestApp.WithStoragePolicy(new FaultPolicy((_, _) => true)));

    [Fact]
    public async Task Characters_Table_Storage_forbids_in_keys_never_reach_the_key_but_the_value_is_stored_verbatim()
    {
        const string hostile = "a/b\\c#d?e\u0001f";

        var saved = await SaveAsync(new CallbackRecord(hostile, RecordKey.DialAction(1),
            PlivoParameters.ParseUrlEncoded("DialALegUUID=" + Uri.EscapeDataString(hostile) + "&DialStatus=failed"), DialActionHandler.RecordedFields, ReceivedAt, 1));

        Assert.Null(saved.Ended);
        var record = Assert.Single(await RecordsTable.ReadAllAsync(azurite.ConnectionString, _app.TableName));
        Assert.DoesNotContain(record.PartitionKey, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.Equal(hostile, record.GetString("DialALegUUID"));
    }

    [Fact]
    public async Task Keys_composed_of_long_hostile_parts_stay_within_Table_Storages_key_limit()
    {
        var longLeg = new string('b', 300) + "/#?";

        var saved = await SaveAsync(new CallbackRecord("0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a0b",
            RecordKey.DialEvent(longLeg, "digits", new string('A', 300), new string('1', 300)),
            PlivoParameters.ParseUrlEncoded("DialBLegUUID=" + Uri.EscapeDataString(longLeg) + "&DialAction=digits"), DialEventHandler.RecordedFields, ReceivedAt));

        Assert.Null(saved.Ended);
        var record = Assert.Single(await RecordsTable.ReadAllAsync(azurite.ConnectionString, _app.TableName));
        Assert.InRange(record.RowKey.Length, 1, 512);
        Assert.Equal(longLeg, record.GetString("DialBLegUUID"));
    }

    [Fact]
    public async Task A_records_properties_read_back_without_Table_Storages_own_or_the_timelines_bookkeeping()
    {
        await SaveAsync(SecondDial());

        var record = Assert.Single((await _app.Store.ReadCallAsync(ALeg, CancellationToken.None)).Value);

        Assert.Equal(["Attempt", "CallDay", "CallerName", "DialALegUUID", "DialStatus"], record.Properties.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_days_dial_status_reads_back_with_its_kind_and_attempt()
    {
        await SaveAsync(SecondDial());

        var entry = Assert.Single((await _app.Store.ReadDayAsync(DateOnly.FromDateTime(ReceivedAt.UtcDateTime), CancellationToken.None)).Value);

        Assert.Equal((ALeg, RecordKind.DialAction, 2, "busy"), (entry.CallUuid, entry.Kind, entry.Attempt, entry.DialStatus));
    }

    [Fact]
    public async Task A_record_too_large_for_Table_Storage_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var saved = await SaveAsync(SecondDial(callerName: new string('x', CallRecordEntity.MaxStringLength + 1)));

        Assert.Equal(new Outcome.Refused(Refusal.TooLarge, "Field 'CallerName' is too large to store."), saved.Ended);
        Assert.Empty(await RecordsTable.ReadAllAsync(azurite.ConnectionString, _app.TableName));
    }

    [Fact]
    public async Task The_first_save_creates_the_tables_and_logs_each_by_name()
    {
        await SaveAsync(SecondDial());

        Assert.Equal([_app.TableName, DayIndex.TableName(_app.TableName)],
            _app.Logs.Entries.Where(e => e.EventId.Id == 3001).Select(e => e["TableName"]).Order());
    }

    [Fact]
    public async Task Each_storage_operation_that_succeeds_is_measured_as_a_success_of_its_kind()
    {
        using var measurements = new AppMeasurements(_app);

        await SaveAsync(SecondDial());
        await _app.Store.ReadCallAsync(ALeg, CancellationToken.None);

        Assert.Equal(["read success", "write success"], measurements.Recorded("dialstatus.storage.duration", "operation", "outcome").Order());
    }

    [Fact]
    public async Task A_storage_operation_that_fails_is_measured_as_a_failure_of_its_kind()
    {
        await using var app = CreateAppWithStorageFailing();
        using var measurements = new AppMeasurements(app);

        await app.Store.SaveAsync(SecondDial(), CancellationToken.None);

        Assert.Equal(["write failure"], measurements.Recorded("dialstatus.storage.duration", "operation", "outcome"));
    }

    [Fact]
    public async Task Storage_that_keeps_failing_is_unavailable_with_the_status_and_error_code_it_answered()
    {
        await using var app = CreateAppWithStorageFailing();

        var saved = await app.Store.SaveAsync(SecondDial(), CancellationToken.None);

        Assert.Equal("Table Storage is unavailable: HTTP 503 ServerBusy.", Assert.IsType<Outcome.StorageUnavailable>(saved.Ended).Reason);
    }

    [Fact]
    public async Task The_oldest_day_is_found_with_one_query_however_many_older_days_the_index_holds()
    {
        var requests = new RequestRecordingPolicy();
        await using var app = TestApp.Create(azurite.ConnectionString, configureServices: TestApp.WithStoragePolicy(requests));
        var store = app.Store;
        foreach (var daysBefore in new[] { 3, 2, 1 })
        {
            await store.SaveAsync(SecondDial(aLeg: TestCalls.Uuid($"oldest-{daysBefore}")) with { ReceivedAt = ReceivedAt.AddDays(-daysBefore) }, CancellationToken.None);
        }
        requests.Requests.Clear();

        var oldest = await store.FindOldestDayAsync(DateOnly.FromDateTime(ReceivedAt.UtcDateTime), CancellationToken.None);

        Assert.Equal((DateOnly.FromDateTime(ReceivedAt.AddDays(-3).UtcDateTime), 1), (oldest.Value, requests.Requests.Count));
    }

    [Fact]
    public async Task Storage_that_gives_no_answer_at_all_is_unavailable_naming_the_failure_not_an_HTTP_status()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString());

        var saved = await app.Store.SaveAsync(SecondDial(), CancellationToken.None);

        Assert.Equal("Table Storage is unavailable: RequestFailedException.", Assert.IsType<Outcome.StorageUnavailable>(saved.Ended).Reason);
    }
}
