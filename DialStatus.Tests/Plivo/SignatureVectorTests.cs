using System.Text.Json;
using DialStatus.Functions.Plivo;

namespace DialStatus.Tests.Plivo;

/// <summary>
/// Every case of the V3 signature vectors beside this file (docs/plivo.md describes them), checked
/// against what Plivo's Node SDK computes and decides.
/// </summary>
public sealed class SignatureVectorTests
{
    private static readonly Lazy<Dictionary<string, Vector>> All = new(ReadVectors);

    private sealed record Vector(
        string Id, string Method, string Url, string Nonce, string AuthToken,
        IReadOnlyList<KeyValuePair<string, string>> Params, string SignatureHeader,
        string ExpectedSignature, bool ExpectedValid, string SignedString);

    /// <summary>
    /// The vectors' ids: a theory over strings gives each vector a test case of its own, which runners, and the
    /// mutation tool's per-test coverage, can tell apart (a record argument would fold them into one).
    /// </summary>
    public static TheoryData<string> Vectors() => [.. All.Value.Keys];

    private static Dictionary<string, Vector> ReadVectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Plivo", "plivo-signature-v3-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var vectors = new Dictionary<string, Vector>(StringComparer.Ordinal);
        foreach (var v in document.RootElement.EnumerateArray())
        {
            var parameters = new List<KeyValuePair<string, string>>();
            foreach (var p in v.GetProperty("params").EnumerateObject())
            {
                var values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(x => x.GetString()!) : [p.Value.GetString()!];
                parameters.AddRange(values.Select(value => new KeyValuePair<string, string>(p.Name, value)));
            }
            var id = v.GetProperty("id").GetString()!;
            vectors.Add(id, new Vector(
                id, v.GetProperty("method").GetString()!, v.GetProperty("url").GetString()!,
                v.GetProperty("nonce").GetString()!, v.GetProperty("authToken").GetString()!, parameters,
                v.GetProperty("signatureHeader").GetString()!, v.GetProperty("expectedSignature").GetString()!,
                v.GetProperty("expectedValid").GetBoolean(), v.GetProperty("signedString").GetString()!));
        }
        return vectors;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signed_text_is_what_Plivo_signs(string id)
    {
        var vector = All.Value[id];
        Assert.Equal(vector.SignedString, PlivoSignatureV3.BuildSignedText(vector.Method, vector.Url, vector.Params, vector.Nonce));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Computed_signature_is_Plivos(string id)
    {
        var vector = All.Value[id];
        Assert.Equal(vector.ExpectedSignature, PlivoSignatureV3.ComputeSignature(vector.Method, vector.Url, vector.Params, vector.Nonce, vector.AuthToken));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Header_is_accepted_exactly_when_Plivos_SDK_accepts_it(string id)
    {
        var vector = All.Value[id];
        Assert.Equal(vector.ExpectedValid, PlivoSignatureV3.IsValid(vector.Method, vector.Url, vector.Params, vector.Nonce, vector.AuthToken, vector.SignatureHeader));
    }
}
