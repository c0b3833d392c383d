using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;

namespace DialStatus.Functions.Calls;

/// <summary>What a handled callback asks the HTTP layer to answer: Plivo XML, or a refusal.</summary>
public sealed record CallbackOutcome(string? Xml, WebhookRejection? Rejection)
{
    public static CallbackOutcome Reply(string xml) => new(xml, null);

    /// <summary>An empty <c>&lt;Response/&gt;</c>: the reply to notify-only URLs, and "nothing more to do" elsewhere.</summary>
    public static CallbackOutcome Acknowledged { get; } = Reply(new PlivoResponse().ToXml());

    public static CallbackOutcome Refuse(WebhookRejection rejection) => new(null, rejection);
}
