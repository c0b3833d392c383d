using System.Globalization;
using Azure.Data.Tables;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Calls;

/// <summary>
/// Erasure racing late callbacks of the same call, with real concurrency against Azurite, many rounds: whatever order
/// the writes and deletes land in, every record left in the call's partition stays reachable from the day index, so
/// retention finds and deletes it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ErasureRaceTests(AzuriteFixture azurite)
{
    private const int Rounds = 40;
    private const int LateEvents = 6;

    private static readonly DateTimeOffset AnsweredAt = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly SettableTimeProvider _clock = new(AnsweredAt);

    [Fact]
    public async Task Every_record_left_by_an_erasure_racing_late_callbacks_keeps_its_index_entry_and_retention_deletes_it()
    {
        await using var app = TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["DialStatus:RetentionDays"] = "1" },
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        var calls = new PlayedCalls(app, _clock);
        var unreachable = new List<string>();
        var answers = new List<int>();
        for (var round = 0; round < Rounds; round++)
        {
            var callUuid = TestCalls.Uuid($"erasure-race-{round}");
            await calls.DialledAsync(callUuid, AnsweredAt);

            var late = Enumerable.Range(0, LateEvents).Select(n => LateDialEventAsync(app, callUuid, n, delay: TimeSpan.FromMilliseconds(n * 2))).ToList();
            var erasure = EraseAsync(app, callUuid);
            await Task.WhenAll(late);
            answers.Add((await erasure).StatusCode);

            unreachable.AddRange(await UnreachableRecordsAsync(app, callUuid));
        }

        Assert.All(answers, status => Assert.Contains(status, new[] { 204, 409 }));
        Assert.True(unreachable.Count == 0, $"records left without their index entry: {string.Join(", ", unreachable.Take(10))}");
        _clock.Now = AnsweredAt.AddDays(3);
        await app.Create<RetentionJob>().RunAsync(CancellationToken.None);
        Assert.Empty(await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName));
        Assert.Empty(await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(app.TableName)));
    }

    [Fact]
    public async Task An_erasure_after_the_late_callbacks_have_landed_leaves_nothing_of_the_call()
    {
        await using var app = TestApp.Create(azurite.ConnectionString, configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        var callUuid = TestCalls.Uuid("erasure-after-late-callbacks");
        await new PlayedCalls(app, _clock).DialledAsync(callUuid, AnsweredAt);
        await Task.WhenAll(Enumerable.Range(0, LateEvents).Select(n => LateDialEventAsync(app, callUuid, n, TimeSpan.Zero)));

        Assert.Equal(204, (await EraseAsync(app, callUuid)).StatusCode);

        Assert.DoesNotContain(await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName), record => record.PartitionKey == callUuid);
        Assert.DoesNotContain(await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(app.TableName)),
            entry => entry.GetString(DayIndex.ALegUuidProperty) == callUuid);
    }

    /// <summary>A Dial event of another B leg of the call, as a late leg of a simultaneous dial sends it.</summary>
    private static async Task LateDialEventAsync(TestApp app, string callUuid, int leg, TimeSpan delay)
    {
        await Task.Delay(delay);
        var day = AnsweredAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var request = TestRequest.Post($"/api/dialstatus/callback?day={day}",
            ("CallUUID", callUuid), ("DialALegUUID", callUuid), ("DialBLegUUID", TestCalls.Uuid($"{callUuid}-leg-{leg}")), ("DialAction", "hangup"),
            ("DialBLegTo", "+14155550188"), ("DialBLegHangupCauseName", "Lost Race"));
        var response = await app.InvokeAsync(app.Create<DialCallbackFunction>().Run, request);
        Assert.Equal(200, response.StatusCode);
    }

    private static Task<TestResponse> EraseAsync(TestApp app, string callUuid) =>
        app.InvokeAsync((request, cancellationToken) => app.Create<EraseCallFunction>().Run(request, callUuid, cancellationToken),
            new TestRequest { Method = "DELETE", PathAndQuery = $"/api/dialstatus/calls/{callUuid}", ContentType = null, SigningToken = null });

    /// <summary>The RowKeys of the call's records whose index entry (<see cref="DayIndex.Locate"/>) is missing.</summary>
    private async Task<IEnumerable<string>> UnreachableRecordsAsync(TestApp app, string callUuid)
    {
        var records = (await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName)).Where(record => record.PartitionKey == callUuid);
        var entries = (await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(app.TableName)))
            .Select(entry => (entry.PartitionKey, entry.RowKey)).ToHashSet();
        return records.Where(record => !entries.Contains(DayIndex.Locate(record, callUuid))).Select(record => $"{callUuid}/{record.RowKey}");
    }
}
