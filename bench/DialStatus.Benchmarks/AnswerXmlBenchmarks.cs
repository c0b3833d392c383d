using BenchmarkDotNet.Attributes;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo.Xml;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Benchmarks;

/// <summary>The answer URL's XML: a simultaneous Dial of the three test targets.</summary>
[MemoryDiagnoser]
public class AnswerXmlBenchmarks
{
    private const string UncachedBaseUrl = "https://uncached.example.net";

    /// <summary>The day the benchmarked calls were answered; the Dial's URLs carry it.</summary>
    private static readonly DateOnly Today = new(2026, 11, 30);

    private readonly Microsoft.Extensions.Options.IOptions<DialOptions> _options =
        Microsoft.Extensions.Options.Options.Create(new DialOptions { Targets = TestApp.Targets });

    private DialPlan _fullCache = null!;
    private DialPlan _warmCache = null!;
    private DateOnly _nextDay = Today;
    private PlivoResponse _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Every call of the first-build benchmark asks for another day, which DialPlan has never built: it builds the
        // document from scratch (and, every 64 documents, starts its cache over), through the public API alone.
        _fullCache = new DialPlan(_options);
        if (ReferenceEquals(_fullCache.DialXml(UncachedBaseUrl, 1, Today.AddDays(-1)), _fullCache.DialXml(UncachedBaseUrl, 1, Today.AddDays(-2))))
        {
            throw new InvalidOperationException("DialXml returned one document for two days: the first-build benchmark would measure the cache.");
        }
        _warmCache = new DialPlan(_options);
        _warmCache.DialXml(TestApp.PublicBaseUrl, attempt: 1, Today);
        _document = TypicalDial();
        if (_document.ToXml() != _warmCache.DialXml(TestApp.PublicBaseUrl, 1, Today))
        {
            throw new InvalidOperationException("The hand-built Dial differs from DialPlan's.");
        }
    }

    /// <summary>What an answer costs the first time per base URL and day: element tree, checks, XmlWriter.</summary>
    [Benchmark]
    public string DialXml_FirstBuild() => _fullCache.DialXml(UncachedBaseUrl, attempt: 1, _nextDay = _nextDay.AddDays(1));

    /// <summary>Every answer after the first of the day: a dictionary look-up.</summary>
    [Benchmark]
    public string DialXml_Cached() => _warmCache.DialXml(TestApp.PublicBaseUrl, attempt: 1, Today);

    /// <summary>A new DialPlan (parses the targets, builds its Hangup documents) and its first Dial.</summary>
    [Benchmark]
    public string DialXml_FreshPlan() => new DialPlan(_options).DialXml(TestApp.PublicBaseUrl, attempt: 1, Today);

    /// <summary>The writer on a typical Dial, element tree included.</summary>
    [Benchmark]
    public string PlivoResponse_BuildAndWrite() => TypicalDial().ToXml();

    /// <summary>The writer alone, on a tree built once.</summary>
    [Benchmark]
    public string PlivoResponse_WriteOnly() => _document.ToXml();

    private static PlivoResponse TypicalDial() => new PlivoResponse().Add(new Dial
    {
        Action = "https://dialstatus.example.net/api/dialstatus/action?day=2026-11-30#rc=3&rp=ct,rt,5xx",
        Method = "POST",
        Redirect = true,
        CallbackUrl = "https://dialstatus.example.net/api/dialstatus/callback?day=2026-11-30#rc=3&rp=ct,rt,5xx",
        CallbackMethod = "POST",
    }
    .Add(new Number("+14155550188"))
    .Add(new User("sip:alice@phone.plivo.com"))
    .Add(new Number("+14155550199")));
}
