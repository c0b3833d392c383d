namespace DialStatus.Functions.Plivo;

/// <summary>Plivo's callback parameter names (case-sensitive), as its docs spell them.</summary>
public static class PlivoFields
{
    public const string CallUuid = "CallUUID";
    public const string From = "From";
    public const string To = "To";
    public const string CallStatus = "CallStatus";
    public const string Direction = "Direction";
    public const string Event = "Event";

    public const string DialStatus = "DialStatus";
    public const string DialALegUuid = "DialALegUUID";
    public const string DialBLegUuid = "DialBLegUUID";
    public const string DialRingStatus = "DialRingStatus";
    public const string DialHangupCause = "DialHangupCause";

    /// <summary>The <c>Event</c> value of a hangup post, which also reaches the answer URL when no hangup URL is set.</summary>
    public const string HangupEvent = "Hangup";
}
