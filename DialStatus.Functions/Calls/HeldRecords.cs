using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Storage;

namespace DialStatus.Functions.Calls;

/// <summary>A record the app answered Plivo for but could not store yet.</summary>
public sealed record HeldRecord(CallbackRecord Record, DateTimeOffset HeldSince);

/// <summary>
/// The in-process outbox: records of callbacks that steer a call (the Dial action, the fallback), which were
/// answered with their routing XML while storage could not take them in time. They wait here, oldest first,
/// one per record key (a later version replaces an earlier one in place, as the table would), until
/// <see cref="HeldRecordWriter"/> writes them. Bounded, so an outage cannot exhaust memory; what does not fit is
/// logged in full instead, never dropped silently.
/// </summary>
public sealed class HeldRecords
{
    /// <summary>About 2 KB a record: a few tens of MB at most, hours of a busy line's statuses.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<HeldRecord> _order = new();
    private readonly Dictionary<(string CallUuid, string RowKey), LinkedListNode<HeldRecord>> _byKey = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private bool _closed;

    public HeldRecords(DialStatusMetrics metrics) => metrics.ObserveHeldRecords(() => Count);

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

    /// <summary>Keeps <paramref name="record"/> for a later write; false when the outbox is full or closed.</summary>
    public bool TryHold(CallbackRecord record, DateTimeOffset now)
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
    public IReadOnlyList<HeldRecord> Oldest(int max)
    {
        lock (_gate)
        {
            return [.. _order.Take(max)];
        }
    }

    /// <summary>Lets go of <paramref name="held"/> once written or given up, unless a newer version of it arrived meanwhile.</summary>
    public void Release(HeldRecord held)
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
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private static (string CallUuid, string RowKey) Key(CallbackRecord record) => (record.CallUuid, record.Key.RowKey);

    /// <summary>Completes once a record is held (at once when some already are).</summary>
    public async Task WaitForRecordsAsync(CancellationToken cancellationToken)
    {
        while (Count == 0)
        {
            await _arrived.WaitAsync(cancellationToken);
        }
    }
}
