using DialStatus.Functions.Calls;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Calls;

/// <summary>The outbox of records that routed a call before storage took them: ordered, one per key, bounded.</summary>
public sealed class HeldRecordsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The outbox alone, not started: nothing drains it while a test looks at its order.</summary>
    private static HeldRecords Create()
    {
        var services = new ServiceCollection().AddMetrics().AddLogging().BuildServiceProvider();
        var metrics = new DialStatusMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var logs = services.GetRequiredService<ILoggerFactory>();
        var stored = new StoredRecords(metrics, new PhoneNumberMask(Microsoft.Extensions.Options.Options.Create(new DialStatus.Functions.Options.DialStatusOptions())), logs.CreateLogger<StoredRecords>());
        return new HeldRecords(new InMemoryCallRecordStore(), stored, metrics, TimeProvider.System, logs.CreateLogger<HeldRecords>());
    }

    private static CallbackRecord Record(string callUuid, int attempt, string dialStatus = "busy") =>
        new(callUuid, RecordKey.DialAction(attempt), PlivoParameters.ParseUrlEncoded("DialStatus=" + dialStatus), [], Now, attempt);

    [Fact]
    public void Records_wait_oldest_first()
    {
        var held = Create();
        held.TryHold(Record("a", 1), Now);
        held.TryHold(Record("b", 1), Now);
        held.TryHold(Record("a", 2), Now);

        Assert.Equal(["a/DialAction-01", "b/DialAction-01", "a/DialAction-02"],
            held.Oldest(10).Select(h => $"{h.Record.CallUuid}/{h.Record.Key.RowKey}"));
    }

    [Fact]
    public void A_record_held_again_after_its_release_waits_as_a_new_one()
    {
        var held = Create();
        held.TryHold(Record("a", 1, "busy"), Now);
        held.Release(held.Oldest(1)[0]);

        held.TryHold(Record("a", 1, "no-answer"), Now.AddMinutes(1));

        var again = Assert.Single(held.Oldest(10));
        Assert.Equal(("no-answer", Now.AddMinutes(1)), (again.Record.DialStatus, again.HeldSince));
    }

    [Fact]
    public void A_later_version_of_a_held_record_replaces_it_in_place()
    {
        var held = Create();
        held.TryHold(Record("a", 1, "busy"), Now);
        held.TryHold(Record("b", 1), Now);

        var replaced = held.TryHold(Record("a", 1, "no-answer"), Now.AddSeconds(5));

        Assert.True(replaced);
        var first = held.Oldest(10)[0];
        Assert.Equal((2, "no-answer", Now), (held.Count, first.Record.Fields["DialStatus"], first.HeldSince));
    }

    [Fact]
    public void Releasing_a_record_that_was_replaced_meanwhile_keeps_the_newer_version()
    {
        var held = Create();
        held.TryHold(Record("a", 1, "busy"), Now);
        var taken = held.Oldest(1)[0];
        held.TryHold(Record("a", 1, "no-answer"), Now);

        held.Release(taken);

        Assert.Equal("no-answer", Assert.Single(held.Oldest(10)).Record.Fields["DialStatus"]);
    }

    [Fact]
    public void A_full_outbox_refuses_more()
    {
        var held = Create();
        for (var i = 0; i < HeldRecords.Capacity; i++)
        {
            Assert.True(held.TryHold(Record($"call-{i}", 1), Now));
        }

        Assert.False(held.TryHold(Record("one-too-many", 1), Now));
        Assert.Equal(HeldRecords.Capacity, held.Count);
    }

    [Fact]
    public void A_full_outbox_still_takes_a_later_version_of_a_record_it_holds()
    {
        var held = Create();
        for (var i = 0; i < HeldRecords.Capacity; i++)
        {
            held.TryHold(Record($"call-{i}", 1), Now);
        }

        Assert.True(held.TryHold(Record("call-0", 1, "no-answer"), Now));
        Assert.Equal("no-answer", held.Oldest(1)[0].Record.Fields["DialStatus"]);
    }

    [Fact]
    public void A_closed_outbox_holds_nothing_more()
    {
        var held = Create();
        held.TryHold(Record("a", 1), Now);

        held.Close();

        Assert.False(held.TryHold(Record("b", 1), Now));
        Assert.False(held.TryHold(Record("a", 1, "no-answer"), Now));
        Assert.Equal("busy", Assert.Single(held.Oldest(10)).Record.Fields["DialStatus"]);
    }

    [Fact]
    public void A_record_written_directly_supersedes_its_held_version_and_no_other()
    {
        var held = Create();
        held.TryHold(Record("a", 1, "busy"), Now);
        held.TryHold(Record("a", 2), Now);

        held.Supersede(Record("a", 1, "no-answer"));

        var left = Assert.Single(held.Oldest(10));
        Assert.Equal(("a", "DialAction-02"), (left.Record.CallUuid, left.Record.Key.RowKey));
    }
}
