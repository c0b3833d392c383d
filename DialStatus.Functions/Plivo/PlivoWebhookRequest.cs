using Microsoft.AspNetCore.Http;

namespace DialStatus.Functions.Plivo;

/// <summary>A webhook request that has been read and, where Plivo signs it, authenticated.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Query">The URL's query parameters.</param>
/// <param name="Form">The POST form fields (empty for GET).</param>
/// <param name="PublicBaseUrl">This app's base URL as Plivo called it: where the URLs we hand to Plivo start.</param>
/// <param name="ReceivedAt">When this app received it.</param>
public sealed record PlivoWebhookRequest(
    string Method, PlivoParameters Query, PlivoParameters Form, string PublicBaseUrl, DateTimeOffset ReceivedAt)
{
    /// <summary>The callback's fields: Plivo puts them in the form of a POST and the query of a GET.</summary>
    public PlivoParameters Fields => Method == HttpMethods.Get ? Query : Form;

    /// <summary>
    /// The body's fields followed by the query's, for senders that mix them (a PHLO HTTP Request node may
    /// put its fields in either); a name in both resolves to the body's value.
    /// </summary>
    public PlivoParameters FormThenQuery => Method == HttpMethods.Get ? Query : new PlivoParameters(Form.Concat(Query));

    /// <summary>The A leg's UUID: Plivo's docs say to take the call's identity from DialALegUUID when sent.</summary>
    public string? ALegUuid => ALegUuidOf(Fields);

    public static string? ALegUuidOf(PlivoParameters fields) =>
        fields.NonEmpty(PlivoFields.DialALegUuid) ?? fields.NonEmpty(PlivoFields.CallUuid);
}
