using DialStatus.Functions.Calls;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;

namespace DialStatus.Cli.Simulation;

/// <summary>
/// The record the app must have stored for one request it acknowledged: its kind and row key (README,
/// Records), the parameters it must hold in RawParameters exactly as sent, and the Plivo fields the app
/// copies into typed properties of that kind.
/// </summary>
public sealed record ExpectedRecord(
    RecordKey Key, string Name, IReadOnlyList<KeyValuePair<string, string>> RawParameters,
    IReadOnlyList<string> TypedFields, int? Attempt = null)
{
    public string Kind => Key.Kind;

    public string RowKey => Key.RowKey;

    /// <summary>The ring URL: one Ring record per call.</summary>
    public static ExpectedRecord Ring(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        new(RecordKey.Ring, "Ring record", fields, CallLifecycleHandler.RingFields);

    /// <summary>The hangup URL: one Hangup record per call.</summary>
    public static ExpectedRecord Hangup(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        new(RecordKey.Hangup, "Hangup record", fields, CallLifecycleHandler.HangupFields);

    /// <summary>The fallback answer URL: one Fallback record per call (the answer URL stores nothing).</summary>
    public static ExpectedRecord Fallback(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        new(RecordKey.Fallback, "Fallback record", fields, AnswerHandler.FallbackFields);

    /// <summary>A callbackUrl event: one record per B leg and DialAction.</summary>
    public static ExpectedRecord DialEvent(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var parameters = new PlivoParameters(fields);
        var (bLeg, dialAction) = (parameters[PlivoFields.DialBLegUuid]!, parameters[PlivoFields.DialAction]!);
        return new(RecordKey.DialEvent(bLeg, dialAction), $"DialEvent record for B leg {bLeg} {dialAction}", fields, DialEventHandler.RecordedFields);
    }

    /// <summary>The Dial action of the call's <paramref name="attempt"/>-th Dial: one record per Dial.</summary>
    public static ExpectedRecord DialAction(IReadOnlyList<KeyValuePair<string, string>> fields, int attempt)
    {
        var key = RecordKey.DialAction(attempt);
        return new(key, $"{key.RowKey} record (Dial {attempt})", fields, DialActionHandler.RecordedFields, attempt);
    }

    /// <summary>
    /// A PHLO node's post: the app stores the body's fields followed by the query's (here <c>node</c>),
    /// one record per node, B leg and DialStatus, counted as the call's first attempt.
    /// </summary>
    public static ExpectedRecord Phlo(IReadOnlyList<KeyValuePair<string, string>> body, string node)
    {
        List<KeyValuePair<string, string>> fields = [.. body, new(PhloHandler.NodeParameter, node)];
        var parameters = new PlivoParameters(fields);
        var key = RecordKey.Phlo(node, parameters.NonEmpty(PlivoFields.DialBLegUuid), parameters[PlivoFields.DialStatus]!);
        return new(key, $"Phlo record of node {node}", fields, DialActionHandler.RecordedFields, Attempt: 1);
    }

    /// <summary>The DialStatus of a dial status record (DialAction, Phlo); null for other kinds.</summary>
    public string? DialStatus => Kind is RecordKind.DialAction or RecordKind.Phlo ? Field(PlivoFields.DialStatus) : null;

    public string? Field(string name) => new PlivoParameters(RawParameters)[name];
}
