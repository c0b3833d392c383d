using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace DialStatus.Tests.Infrastructure;

public sealed record TestResponse(int StatusCode, string? ContentType, IHeaderDictionary Headers, string Body)
{
    public XElement Xml => XElement.Parse(Body);

    internal static async Task<TestResponse> ReadAsync(HttpResponse response)
    {
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body);
        return new TestResponse(response.StatusCode, response.ContentType, response.Headers, await reader.ReadToEndAsync());
    }
}
