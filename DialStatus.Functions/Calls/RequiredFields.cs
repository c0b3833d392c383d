using DialStatus.Functions.Plivo;

namespace DialStatus.Functions.Calls;

/// <summary>The fields without which a callback cannot be filed.</summary>
internal static class RequiredFields
{
    /// <summary>The call a callback belongs to: DialALegUUID, else CallUUID.</summary>
    public static Result<string> CallUuid(PlivoParameters fields) =>
        PlivoWebhookRequest.ALegUuidOf(fields) is { } callUuid
            ? callUuid
            : Outcome.MissingField($"{PlivoFields.DialALegUuid}' or '{PlivoFields.CallUuid}");

    /// <summary>The first non-empty value of <paramref name="name"/>.</summary>
    public static Result<string> Value(PlivoParameters fields, string name) =>
        fields.NonEmpty(name) is { } value ? value : Outcome.MissingField(name);
}
