using System.Collections.Concurrent;
using System.Diagnostics;
using DialStatus.Functions;
using DialStatus.Functions.Functions;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DialStatus.Tests.Faults;

/// <summary>
/// A status Plivo was told we have is never lost: storage that is down, dies mid-stream or crawls gets a
/// 503 (which Plivo retries), never a 2xx without a durable record, and never a hang past Plivo's read timeout.
/// </summary>
public sealed class StorageFaultTests
{
    /// <summary>Plivo's default read timeout is 40 s; the app must answer well inside it.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(15);

    private static TestRequest DialAction(string callUuid, string dialStatus = "busy") =>
        TestRequest.Post("/api/dialstatus/action", ("DialALegUUID", callUuid), ("DialStatus", dialStatus), ("From", "+14155550123"));

    [Fact]
    public async Task The_app_host_starts_while_storage_is_unreachable()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(TestApp.DefaultSettings(AzuriteProcess.UnreachableConnectionString()));
        builder.Services.AddDialStatus(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task With_storage_unreachable_the_answer_still_connects_calls_and_callbacks_get_503_within_15_s()
    {
        await using var app = TestApp.Create(AzuriteProcess.UnreachableConnectionString());

        var answer = await app.InvokeAsync(app.Create<AnswerFunction>().Run, TestRequest.Post("/api/dialstatus", ("CallUUID", "down-1")));
        var clock = Stopwatch.StartNew();
        var callback = await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction("down-1"));

        Assert.NotNull(answer.Xml.Element("Dial"));
        Assert.Equal(503, callback.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, AnswerWithin);
    }

    [Fact]
    public async Task Slow_storage_gets_a_503_at_the_storage_deadline_instead_of_a_hang()
    {
        await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot);
        await azurite.StartAsync();
        await using var app = TestApp.Create(azurite.ConnectionString,
            new Dictionary<string, string?> { ["DialStatus:StorageTimeoutSeconds"] = "2" },
            services => services.Configure<StoragePipelineOptions>(p => p.PerRetryPolicies.Add(new DelayPolicy(TimeSpan.FromSeconds(60)))));

        var clock = Stopwatch.StartNew();
        var response = await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction("slow-1"));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, AnswerWithin);
        Assert.Empty(await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName));
    }

    [Fact]
    public async Task When_storage_dies_mid_stream_every_callback_answered_2xx_is_stored_and_every_other_got_503()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "dialstatus-azurite-" + Guid.NewGuid().ToString("N"));
        await using var azurite = new AzuriteProcess(TestPaths.RepositoryRoot, dataFolder);
        await azurite.StartAsync();
        await using var app = TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["DialStatus:StorageTimeoutSeconds"] = "3" });
        var outcomes = new ConcurrentDictionary<string, int>();

        async Task SendAsync(int from, int count) =>
            await Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var callUuid = $"stream-{i:D4}";
                outcomes[callUuid] = (await app.InvokeAsync(app.Create<DialActionFunction>().Run, DialAction(callUuid))).StatusCode;
            });

        try
        {
            await SendAsync(0, 60);
            var duringOutage = SendAsync(60, 60);
            await Task.Delay(50);
            await azurite.InterruptAsync();
            await duringOutage;
            await SendAsync(120, 20);
            await azurite.StartAsync();
            await SendAsync(140, 60);

            var stored = (await RecordsTable.ReadAllAsync(azurite.ConnectionString, app.TableName)).Select(r => r.PartitionKey).ToHashSet();
            Assert.All(outcomes, o => Assert.True(o.Value is 200 or 503, $"{o.Key} got {o.Value}"));
            Assert.All(outcomes.Where(o => o.Value == 200), o => Assert.Contains(o.Key, stored));
            Assert.Contains(outcomes.Values, status => status == 503);
            Assert.True(outcomes.Count(o => o.Value == 200) >= 120, "the stream before the outage and after the restart was stored");
        }
        finally
        {
            azurite.Kill();
            Directory.Delete(dataFolder, recursive: true);
        }
    }
}
