using Microsoft.AspNetCore.Http;

namespace DialStatus.Functions.Plivo;

/// <summary>A Plivo request whose signature has been checked.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Url">The URL Plivo called, as it signed it: public base, path and raw query.</param>
/// <param name="Query">The URL's query parameters.</param>
/// <param name="Form">The POST form fields (empty for GET).</param>
public sealed record PlivoWebhookRequest(string Method, string Url, PlivoParameters Query, PlivoParameters Form)
{
    /// <summary>The callback's fields: Plivo puts them in the form of a POST and the query of a GET.</summary>
    public PlivoParameters Fields => Method == HttpMethods.Get ? Query : Form;

    /// <summary>The A leg's UUID: Plivo's docs say to take the call's identity from DialALegUUID when sent.</summary>
    public string? ALegUuid => Fields.NonEmpty(PlivoFields.DialALegUuid) ?? Fields.NonEmpty(PlivoFields.CallUuid);
}
