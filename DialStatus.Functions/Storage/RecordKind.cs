namespace DialStatus.Functions.Storage;

/// <summary>What a record in the call's partition came from; stored as the <c>RecordKind</c> property.</summary>
public static class RecordKind
{
    /// <summary>The outcome Plivo posts to the Dial action URL: one per Dial attempt.</summary>
    public const string DialAction = "DialAction";

    /// <summary>A live B-leg event from the Dial callbackUrl: one per B leg and DialAction.</summary>
    public const string DialEvent = "DialEvent";

    /// <summary>An API-placed call started ringing (ring_url): one per call.</summary>
    public const string Ring = "Ring";

    /// <summary>The call ended (hangup_url, or a hangup post to the answer URL): one per call.</summary>
    public const string Hangup = "Hangup";

    /// <summary>Plivo fell back to the fallback answer URL: one per call.</summary>
    public const string Fallback = "Fallback";

    /// <summary>A dial status forwarded by a PHLO HTTP Request node, stored like a Dial action record.</summary>
    public const string Phlo = "Phlo";
}
