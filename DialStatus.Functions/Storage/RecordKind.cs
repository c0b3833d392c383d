namespace DialStatus.Functions.Storage;

/// <summary>What a record in the call's partition came from; stored as the <c>RecordKind</c> property.</summary>
public static class RecordKind
{
    /// <summary>The outcome Plivo posts to the Dial action URL: one per Dial attempt.</summary>
    public const string DialAction = "DialAction";
}
