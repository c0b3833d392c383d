using System.Text.Json;
using DialStatus.Functions.Plivo;

namespace DialStatus.Tests.Plivo;

/// <summary>
/// Every case of the V3 signature vectors beside this file (docs/plivo.md describes them), checked
/// against what Plivo's Node SDK computes and decides.
/// </summary>
public sealed class SignatureVectorTests
{
    public sealed record Vector(
        string Id, string Method, string Url, string Nonce, string AuthToken,
        IReadOnlyList<KeyValuePair<string, string>> Params, string SignatureHeader,
        string ExpectedSignature, bool ExpectedValid, string SignedString)
    {
        public override string ToString() => Id;
    }

    public static TheoryData<Vector> Vectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Plivo", "plivo-signature-v3-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var data = new TheoryData<Vector>();
        foreach (var v in document.RootElement.EnumerateArray())
        {
            var parameters = new List<KeyValuePair<string, string>>();
            foreach (var p in v.GetProperty("params").EnumerateObject())
            {
                var values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(x => x.GetString()!) : [p.Value.GetString()!];
                parameters.AddRange(values.Select(value => new KeyValuePair<string, string>(p.Name, value)));
            }
            data.Add(new Vector(
                v.GetProperty("id").GetString()!, v.GetProperty("method").GetString()!, v.GetProperty("url").GetString()!,
                v.GetProperty("nonce").GetString()!, v.GetProperty("authToken").GetString()!, parameters,
                v.GetProperty("signatureHeader").GetString()!, v.GetProperty("expectedSignature").GetString()!,
                v.GetProperty("expectedValid").GetBoolean(), v.GetProperty("signedString").GetString()!));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signed_text_is_what_Plivo_signs(Vector vector) =>
        Assert.Equal(vector.SignedString, PlivoSignatureV3.BuildSignedText(vector.Method, vector.Url, vector.Params, vector.Nonce));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Computed_signature_is_Plivos(Vector vector) =>
        Assert.Equal(vector.ExpectedSignature, PlivoSignatureV3.ComputeSignature(vector.Method, vector.Url, vector.Params, vector.Nonce, vector.AuthToken));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Header_is_accepted_exactly_when_Plivos_SDK_accepts_it(Vector vector) =>
        Assert.Equal(vector.ExpectedValid, PlivoSignatureV3.IsValid(vector.Method, vector.Url, vector.Params, vector.Nonce, vector.AuthToken, vector.SignatureHeader));
}
