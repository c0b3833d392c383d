using Microsoft.AspNetCore.Http;

namespace DialStatus.Functions.Plivo;

/// <summary>Why a webhook request was refused before any work was done, as an HTTP status and a message for the caller.</summary>
public sealed record WebhookRejection(int StatusCode, string Message)
{
    public static WebhookRejection Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    public static WebhookRejection BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static WebhookRejection MissingField(string field) => BadRequest($"Missing required field '{field}'.");

    /// <summary>No call to file the callback under: Plivo names the A leg DialALegUUID, or CallUUID.</summary>
    public static WebhookRejection MissingCallUuid { get; } = MissingField($"{PlivoFields.DialALegUuid}' or '{PlivoFields.CallUuid}");
}
