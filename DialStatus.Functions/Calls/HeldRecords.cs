using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>A record the app answered Plivo for but could not store yet.</summary>
public sealed record HeldRecord(CallbackRecord Record, DateTimeOffset HeldSince);

/// <summary>
/// The in-process outbox, and the one owner of what happens to a record Plivo was told we have but storage has not
/// taken: records of callbacks that steer a call (the Dial action, the fallback), answered with their routing XML
/// while storage could not take them in time. It holds them, oldest first, one per record key (a later version
/// replaces an earlier one in place, as the table would); writes them as soon as storage answers again (at once,
/// then backing off from 1 s to at most 15 s while storage stays down, so a record is written well within a minute
/// of recovery); and gives up on a record only by logging it in full (an Error an operator can re-ingest): when
/// storage refuses it, when the outbox is full (it is bounded, so an outage cannot exhaust memory), or when the app
/// stops after a last attempt. <see cref="CallbackRecorder"/> hands it records; it never calls back.
/// </summary>
public sealed class HeldRecords : BackgroundService
{
    /// <summary>About 2 KB a record: a few tens of MB at most, hours of a busy line's statuses.</summary>
    public const int Capacity = 10_000;

    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(15);

    /// <summary>How long the last attempt may take when the app stops; the host allows a worker about 30 s.</summary>
    public static readonly TimeSpan FinalAttemptBudget = TimeSpan.FromSeconds(10);

    /// <summary>One pass writes at most this many, oldest first, before it looks at storage's health again.</summary>
    private const int PassSize = 256;

    private readonly Lock _gate = new();
    private readonly LinkedList<HeldRecord> _order = new();
    private readonly Dictionary<(string CallUuid, string RowKey), LinkedListNode<HeldRecord>> _byKey = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ICallRecordStore _store;
    private readonly StoredRecords _stored;
    private readonly DialStatusMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<HeldRecords> _logger;
    private bool _closed;

    public HeldRecords(ICallRecordStore store, StoredRecords stored, DialStatusMetrics metrics, TimeProvider time, ILogger<HeldRecords> logger)
    {
        (_store, _stored, _metrics, _time, _logger) = (store, stored, metrics, time, logger);
        metrics.ObserveHeldRecords(() => Count);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>Whether the app is stopping: the writer has made or is making its last attempt, so nothing more is held.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="record"/>, which storage did not take because of <paramref name="reason"/>, for a later
    /// write; when the outbox is full or the app is stopping, gives up on it at once.
    /// </summary>
    public void Hold(CallbackRecord record, string reason)
    {
        if (TryHold(record, _time.GetUtcNow()))
        {
            _metrics.RecordHeld(record.Key.Kind);
            Log.RecordHeld(_logger, record.Key.Kind, record.CallUuid, reason);
        }
        else
        {
            Abandon(record, IsClosed ? $"{reason}, and the app is stopping" : $"{reason}, and {Capacity} records are already waiting");
        }
    }

    /// <summary>
    /// Gives up on storing a record Plivo was told we have: logged as an Error carrying every field (phone numbers
    /// unmasked: this line is the record), so it can be re-ingested; a record longer than a log property keeps is
    /// logged in parts, one line each.
    /// </summary>
    public void Abandon(CallbackRecord record, string reason)
    {
        _metrics.RecordAbandoned(record.Key.Kind);
        foreach (var line in CallbackRecordJson.WriteLines(record))
        {
            Log.HeldRecordAbandoned(_logger, record.CallUuid, record.Key.Kind, reason, line);
        }
    }

    /// <summary>Keeps <paramref name="record"/> for a later write; false when the outbox is full or closed.</summary>
    internal bool TryHold(CallbackRecord record, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            var key = Key(record);
            if (_byKey.TryGetValue(key, out var node))
            {
                node.Value = new HeldRecord(record, node.Value.HeldSince);
                return true;
            }
            if (_order.Count >= Capacity)
            {
                return false;
            }
            _byKey[key] = _order.AddLast(new HeldRecord(record, now));
        }
        _arrived.Release();
        return true;
    }

    /// <summary>Up to <paramref name="max"/> held records, oldest first; they stay held until <see cref="Release"/>.</summary>
    internal IReadOnlyList<HeldRecord> Oldest(int max)
    {
        lock (_gate)
        {
            return [.. _order.Take(max)];
        }
    }

    /// <summary>Lets go of <paramref name="held"/> once written or given up, unless a newer version of it arrived meanwhile.</summary>
    internal void Release(HeldRecord held)
    {
        lock (_gate)
        {
            var key = Key(held.Record);
            if (_byKey.TryGetValue(key, out var node) && ReferenceEquals(node.Value, held))
            {
                _byKey.Remove(key);
                _order.Remove(node);
            }
        }
    }

    /// <summary>
    /// Lets go of any held version of <paramref name="stored"/>'s key: a newer version was just written directly,
    /// and writing the held one later would put the older one back.
    /// </summary>
    public void Supersede(CallbackRecord stored)
    {
        lock (_gate)
        {
            if (_byKey.Remove(Key(stored), out var node))
            {
                _order.Remove(node);
            }
        }
    }

    /// <summary>Holds nothing more: from here on a record that storage will not take is logged in full at once.</summary>
    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private static (string CallUuid, string RowKey) Key(CallbackRecord record) => (record.CallUuid, record.Key.RowKey);

    /// <summary>Completes once a record is held (at once when some already are).</summary>
    private async Task WaitForRecordsAsync(CancellationToken cancellationToken)
    {
        while (Count == 0)
        {
            await _arrived.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        try
        {
            while (true)
            {
                await WaitForRecordsAsync(stoppingToken);
                if (await TryWritePassAsync(stoppingToken))
                {
                    delay = FirstRetryDelay;
                    continue;
                }
                await Task.Delay(delay, _time, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary><see cref="WritePassAsync"/>, outliving a fault in the app: the loop must go on, or nothing would write the records until the app stops.</summary>
    private async Task<bool> TryWritePassAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await WritePassAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            Log.HeldRecordWriterFailed(_logger, exception, Count);
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // First, so that a record arriving during the last attempt is logged in full rather than held and forgotten.
        Close();
        await base.StopAsync(cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(FinalAttemptBudget);
        while (Count > 0 && !budget.IsCancellationRequested && await WritePassAsync(budget.Token))
        {
        }
        foreach (var record in Oldest(Capacity))
        {
            Abandon(record.Record, "the app stopped before storage took it");
            Release(record);
        }
    }

    /// <summary>Writes the oldest held records; false when storage is still not taking them.</summary>
    private async Task<bool> WritePassAsync(CancellationToken cancellationToken)
    {
        foreach (var record in Oldest(PassSize))
        {
            var saved = await _store.SaveAsync(record.Record, cancellationToken);
            switch (saved.Ended)
            {
                case null:
                    Release(record);
                    _stored.Count(record.Record);
                    _metrics.RecordWrittenLate(record.Record.Key.Kind);
                    Log.HeldRecordWritten(_logger, record.Record.Key.Kind, record.Record.CallUuid, (_time.GetUtcNow() - record.HeldSince).TotalSeconds);
                    break;
                case Outcome.Refused refused:
                    // Storage refuses this record itself: retrying cannot help, so it is logged in full instead.
                    Release(record);
                    Abandon(record.Record, refused.Message);
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}

