using System.Globalization;

namespace DialStatus.Functions.Storage;

/// <summary>
/// What a record is (<see cref="RecordKind"/>) and its RowKey in the call's partition. The key comes from the
/// event itself, never from the time or a counter, so a redelivered callback replaces its own record.
/// </summary>
public readonly record struct RecordKey(string Kind, string RowKey)
{
    /// <summary>An API-placed call started ringing: one per call.</summary>
    public static RecordKey Ring { get; } = new(RecordKind.Ring, RecordKind.Ring);

    /// <summary>The call ended: one per call.</summary>
    public static RecordKey Hangup { get; } = new(RecordKind.Hangup, RecordKind.Hangup);

    /// <summary>Plivo needed the fallback answer URL: one per call.</summary>
    public static RecordKey Fallback { get; } = new(RecordKind.Fallback, RecordKind.Fallback);

    /// <summary>One record per Dial attempt, so redeliveries of an attempt's outcome replace each other.</summary>
    public static RecordKey DialAction(int attempt) =>
        new(RecordKind.DialAction, string.Create(CultureInfo.InvariantCulture, $"{RecordKind.DialAction}-{attempt:D2}"));

    /// <summary>
    /// One record per B leg and DialAction, so each losing leg of a simultaneous dial keeps its own hangup; the
    /// digits fields count only for a <c>digits</c> event, since several patterns can match on one leg, from either side.
    /// </summary>
    public static RecordKey DialEvent(string bLeg, string dialAction, string? digitsPressedBy = null, string? digitsMatch = null)
    {
        var rowKey = $"{RecordKind.DialEvent}-{TableKeys.Encode(bLeg)}-{TableKeys.Encode(dialAction)}";
        if (dialAction.Equals("digits", StringComparison.OrdinalIgnoreCase))
        {
            rowKey = $"{rowKey}-{TableKeys.Encode(digitsPressedBy ?? "")}-{TableKeys.Encode(digitsMatch ?? "")}";
        }
        return new(RecordKind.DialEvent, TableKeys.Bound(rowKey));
    }

    /// <summary>One record per PHLO node, B leg and DialStatus: a node that posts again replaces its record.</summary>
    public static RecordKey Phlo(string? node, string? bLeg, string dialStatus) =>
        new(RecordKind.Phlo, TableKeys.Bound(string.Join('-',
            RecordKind.Phlo, TableKeys.Encode(node ?? "-"), TableKeys.Encode(bLeg ?? "none"), TableKeys.Encode(dialStatus))));
}
