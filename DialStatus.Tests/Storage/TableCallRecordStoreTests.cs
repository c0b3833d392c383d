using DialStatus.Functions;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DialStatus.Tests.Storage;

/// <summary>
/// The store itself, against Azurite: whatever text reaches a key (the webhooks refuse such values, but the store
/// never relies on that), the key stays within Table Storage's rules and the value is kept verbatim.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableCallRecordStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Create(azurite.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<Result<Stored>> SaveAsync(CallbackRecord record) =>
        _app.Services.GetRequiredService<ICallRecordStore>().SaveAsync(record, CancellationToken.None);

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
}
