using System.Collections.Frozen;
using System.Reflection;

namespace DialStatus.Functions.Plivo;

/// <summary>Plivo's callback parameter names (case-sensitive), as its docs spell them.</summary>
internal static class PlivoFields
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

    public const string DialAction = "DialAction";
    public const string DialBLegStatus = "DialBLegStatus";
    public const string DialBLegFrom = "DialBLegFrom";
    public const string DialBLegTo = "DialBLegTo";
    public const string DialBLegPosition = "DialBLegPosition";
    public const string DialBLegDuration = "DialBLegDuration";
    public const string DialBLegBillDuration = "DialBLegBillDuration";
    public const string DialBLegHangupCause = "DialBLegHangupCause";
    public const string DialBLegHangupCauseName = "DialBLegHangupCauseName";
    public const string DialBLegHangupCauseCode = "DialBLegHangupCauseCode";
    public const string DialBLegHangupSource = "DialBLegHangupSource";
    public const string DialDigitsMatch = "DialDigitsMatch";
    public const string DialDigitsPressedBy = "DialDigitsPressedBy";

    public const string RequestUuid = "RequestUUID";
    public const string ForwardedFrom = "ForwardedFrom";
    public const string CallerName = "CallerName";
    public const string Machine = "Machine";
    public const string ALegUuid = "ALegUUID";
    public const string ALegRequestUuid = "ALegRequestUUID";
    public const string SessionStart = "SessionStart";
    public const string StirAttestation = "STIRAttestation";
    public const string StirVerification = "STIRVerification";
    public const string ParentAuthId = "ParentAuthID";

    public const string HangupCause = "HangupCause";
    public const string HangupCauseName = "HangupCauseName";
    public const string HangupCauseCode = "HangupCauseCode";
    public const string HangupSource = "HangupSource";
    public const string Duration = "Duration";
    public const string BillDuration = "BillDuration";
    public const string StartTime = "StartTime";
    public const string AnswerTime = "AnswerTime";
    public const string EndTime = "EndTime";
    public const string TotalCost = "TotalCost";
    public const string BillRate = "BillRate";

    /// <summary>How custom SIP headers set on an outbound leg arrive: <c>X-PH-</c> then the header's name.</summary>
    public const string CustomHeaderPrefix = "X-PH-";

    /// <summary>How SIP headers of an inbound call arrive: <c>SIP-H-</c> then the header's name.</summary>
    public const string InboundSipHeaderPrefix = "SIP-H-";

    /// <summary>Every field name above: what the app knows of Plivo's field names.</summary>
    public static FrozenSet<string> Names { get; } =
        typeof(PlivoFields).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string) && !field.Name.EndsWith("Prefix", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>Values of Plivo's <c>Event</c> field the app acts on.</summary>
internal static class PlivoEvents
{
    /// <summary>A hangup post, which also reaches the answer URL when no hangup URL is set.</summary>
    public const string Hangup = "Hangup";
}
