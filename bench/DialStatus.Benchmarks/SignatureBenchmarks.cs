using BenchmarkDotNet.Attributes;
using DialStatus.Bench;
using DialStatus.Functions.Plivo;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Benchmarks;

/// <summary>Plivo's V3 signature on a typical Dial action POST (18 form fields).</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private const string Url = TestApp.PublicBaseUrl + PlivoCallbacks.ActionPath;

    private PlivoParameters _form = null!;
    private string _nonce = null!;
    private string _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        var request = PlivoCallbacks.DialAction(PlivoCall.Create(new Random(1)), PlivoCall.NewUuid(new Random(2)), "completed", "NORMAL_CLEARING");
        _form = new PlivoParameters(request.Form);
        _nonce = request.Nonce;
        _signature = PlivoSignatureV3.ComputeSignature("POST", Url, _form, _nonce, TestApp.AuthToken);
        if (!IsValid())
        {
            throw new InvalidOperationException("The signature does not validate.");
        }
    }

    [Benchmark]
    public bool IsValid() => PlivoSignatureV3.IsValid("POST", Url, _form, _nonce, TestApp.AuthToken, _signature);
}
