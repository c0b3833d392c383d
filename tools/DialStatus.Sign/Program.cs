// Signs a request the way Plivo does, with the app's own PlivoSignatureV3, so that hand-written requests
// (DialStatus.http, curl) pass signature validation against a local or deployed app.
//   dotnet run --project tools/DialStatus.Sign -- POST http://localhost:7071/api/dialstatus/action "DialStatus=busy&CallUUID=abc"
// The auth token is the one the app uses: Plivo__AuthToken in local.settings.json, else PLIVO_AUTH_TOKEN.
using System.Security.Cryptography;
using System.Text.Json;
using DialStatus.Functions.Plivo;

if (args.Length is < 2 or > 3 || args[0] is not ("GET" or "POST"))
{
    Console.Error.WriteLine("usage: DialStatus.Sign GET|POST <url as Plivo calls it> [form body, url-encoded]");
    return 2;
}

var token = TokenFromLocalSettings() is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable("PLIVO_AUTH_TOKEN");
if (string.IsNullOrEmpty(token))
{
    Console.Error.WriteLine("No auth token: set Plivo__AuthToken in local.settings.json, or PLIVO_AUTH_TOKEN.");
    return 2;
}

var (method, url) = (args[0], args[1]);
var form = method == "POST" && args.Length == 3 ? PlivoParameters.ParseUrlEncoded(args[2]) : PlivoParameters.Empty;
var nonce = RandomNumberGenerator.GetString("0123456789", 20);
Console.WriteLine($"{PlivoSignatureV3.SignatureHeader}: {PlivoSignatureV3.ComputeSignature(method, url, form, nonce, token)}");
Console.WriteLine($"{PlivoSignatureV3.NonceHeader}: {nonce}");
return 0;

static string? TokenFromLocalSettings()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
    {
        var settings = Path.Combine(folder.FullName, "local.settings.json");
        if (File.Exists(settings))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(settings));
            return json.RootElement.TryGetProperty("Values", out var values) && values.TryGetProperty("Plivo__AuthToken", out var value)
                ? value.GetString()
                : null;
        }
    }
    return null;
}
