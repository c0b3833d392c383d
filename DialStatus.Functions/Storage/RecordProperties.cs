namespace DialStatus.Functions.Storage;

/// <summary>Properties this app adds to every record, beside Plivo's own field names.</summary>
internal static class RecordProperties
{
    public const string RecordKind = "RecordKind";

    /// <summary>When this app received the callback (UTC); it orders a call's timeline.</summary>
    public const string ReceivedAtUtc = "ReceivedAtUtc";

    /// <summary>Every parameter of the request as a JSON object, so fields Plivo adds later are kept.</summary>
    public const string RawParameters = "RawParameters";

    /// <summary>Which Dial of the call it was (1-based); sequential dialling makes several.</summary>
    public const string Attempt = "Attempt";

    /// <summary>The UTC day (<c>yyyy-MM-dd</c>) the call is filed under in the day index: the day it was answered.</summary>
    public const string CallDay = "CallDay";
}
