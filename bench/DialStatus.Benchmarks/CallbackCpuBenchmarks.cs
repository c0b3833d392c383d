using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using DialStatus.Bench;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DialStatus.Benchmarks;

/// <summary>
/// The CPU one callback costs us, storage I/O excluded: the real function classes through
/// <see cref="WebhookPipeline"/> (body read, signature check, parsing, mapping to entities) against a
/// <see cref="DefaultHttpContext"/>, with an in-memory <see cref="ICallRecordStore"/>. Logging has no provider
/// here (the source-generated log calls stop at IsEnabled), so the figures are the app's own work.
/// <see cref="Harness_HttpContext"/> is what building the request costs: subtract it from the others.
/// </summary>
[MemoryDiagnoser]
public class CallbackCpuBenchmarks
{
    private static readonly RouteData Route = new();
    private static readonly ActionDescriptor Descriptor = new();

    private TestApp _app = null!;
    private InMemoryCallRecordStore _store = null!;
    private DialActionFunction _dialAction = null!;
    private AnswerFunction _answer = null!;
    private TestRequest _dialActionRequest = null!;
    private TestRequest _answerRequest = null!;
    private string _formText = null!;
    private PlivoParameters _fields = null!;
    private string _aLeg = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = TestApp.Create(AzuriteProcess.UnreachableConnectionString(), configureServices: services =>
        {
            services.RemoveAll<ILoggerProvider>();
            services.Replace(ServiceDescriptor.Singleton<ICallRecordStore, InMemoryCallRecordStore>());
        });
        _store = (InMemoryCallRecordStore)_app.Services.GetRequiredService<ICallRecordStore>();
        _dialAction = _app.Create<DialActionFunction>();
        _answer = _app.Create<AnswerFunction>();

        var random = new Random(20261126);
        var call = PlivoCall.Create(random);
        _aLeg = call.ALeg;
        _dialActionRequest = PlivoCallbacks.DialAction(call, PlivoCall.NewUuid(random), "completed", "NORMAL_CLEARING").Presigned();
        _answerRequest = PlivoCallbacks.Answer(call).Presigned();
        _formText = System.Text.Encoding.UTF8.GetString(_dialActionRequest.Body);
        _fields = PlivoParameters.ParseUrlEncoded(_formText);

        // The benchmarks must measure the successful path: a 200 and the record stored (its index entry beside it).
        var context = _dialActionRequest.ToHttpContext(_app.Services);
        if (_dialAction.Run(context.Request, default).Result is not ContentResult { StatusCode: 200 } || _store.Count != 1)
        {
            throw new InvalidOperationException("The Dial action was not stored.");
        }
        if (_answer.Run(_answerRequest.ToHttpContext(_app.Services).Request, default).Result is not ContentResult { StatusCode: 200 })
        {
            throw new InvalidOperationException("The answer was refused.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The harness alone: a DefaultHttpContext with the signed request (body, headers, response stream).</summary>
    [Benchmark]
    public HttpContext Harness_HttpContext() => _dialActionRequest.ToHttpContext(_app.Services);

    /// <summary>A Dial action callback: read, verify, parse, map, store in memory, choose the reply.</summary>
    [Benchmark]
    public Task<IActionResult> DialAction_Function() => _dialAction.Run(_dialActionRequest.ToHttpContext(_app.Services).Request, default);

    /// <summary>The same, plus writing the XML reply into the response, as the ASP.NET Core integration does.</summary>
    [Benchmark]
    public async Task DialAction_FunctionAndReply()
    {
        var context = _dialActionRequest.ToHttpContext(_app.Services);
        var result = await _dialAction.Run(context.Request, default);
        await result.ExecuteResultAsync(new ActionContext(context, Route, Descriptor));
    }

    /// <summary>An answer callback: read, verify, the cached Dial XML; no storage at all.</summary>
    [Benchmark]
    public Task<IActionResult> Answer_Function() => _answer.Run(_answerRequest.ToHttpContext(_app.Services).Request, default);

    /// <summary>Piece: the form body into parameters.</summary>
    [Benchmark]
    public PlivoParameters Piece_ParseForm() => PlivoParameters.ParseUrlEncoded(_formText);

    /// <summary>Piece: the record entity (RawParameters JSON included) and its day-index entry.</summary>
    [Benchmark]
    public TableEntity Piece_MapRecordAndIndex() =>
        CallRecordEntity.ForSave(new CallbackRecord(_aLeg, RecordKey.DialAction(1), _fields, DialActionHandler.RecordedFields, DateTimeOffset.UtcNow, 1))
            .Value.IndexEntry;

    /// <summary>Piece: the RawParameters JSON alone.</summary>
    [Benchmark]
    public string Piece_RawParametersJson() => CallRecordEntity.ToJson(_fields);
}
