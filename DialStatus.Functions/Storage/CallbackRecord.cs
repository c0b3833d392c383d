using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Storage;

/// <summary>One callback, as the store saves it.</summary>
/// <param name="CallUuid">The A leg's UUID: the call the record belongs to.</param>
/// <param name="Key">What the record is, and its key within the call.</param>
/// <param name="Fields">Every parameter of the callback, in arrival order.</param>
/// <param name="FieldNames">The Plivo fields also kept as properties under their own names.</param>
/// <param name="ReceivedAt">When this app received the callback.</param>
/// <param name="Attempt">Which Dial of the call it was; set only for a Dial's outcome (Dial action, PHLO).</param>
/// <param name="AnsweredOn">
/// The UTC day this app answered the call, when the request says (the URLs the answer hands to Plivo carry it,
/// signed); the call is filed under that day, so a call that runs past midnight counts on one day.
/// </param>
public sealed record CallbackRecord(
    string CallUuid, RecordKey Key, PlivoParameters Fields, IReadOnlyList<string> FieldNames, DateTimeOffset ReceivedAt,
    int? Attempt = null, DateOnly? AnsweredOn = null)
{
    /// <summary>The UTC day the call is filed under: the day it was answered, else the day this record arrived.</summary>
    public DateOnly CallDay => AnsweredOn ?? DateOnly.FromDateTime(ReceivedAt.UtcDateTime);

    /// <summary>
    /// The Dial's outcome when this record is one (it has an attempt); a DialStatus field sent to any other URL
    /// stays in that record's raw parameters and counts for nothing.
    /// </summary>
    public string? DialStatus => Attempt is null ? null : Fields.NonEmpty(PlivoFields.DialStatus);
}
