using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Diagnostics;

/// <summary>
/// What one warmed-up callback of each kind allocates in the app's own code, against a budget: allocation counts
/// are exact, so growth past a budget fails the build where a benchmark would only print a bigger number. The path
/// with the in-memory store completes synchronously, so the bytes are counted on the calling thread alone and
/// nothing else running in parallel shows in them. Building the request is the harness's work and is left out.
/// Times stay in bench/ (docs/benchmarks.md).
/// </summary>
public sealed class AllocationGuardTests
{
    private const int WarmUpCalls = 200;

    private static readonly PlivoCall Call = new("5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11", "+14155550123", "+14155550100");
    private const string BLeg = "c0a58e17-9d24-4f6b-8a13-72e5b4c9d806";

    /// <summary>
    /// What each kind allocated when its budget was set, plus about 5 %, in bytes, the in-memory store's own bookkeeping included; where
    /// they go is in docs/benchmarks.md. Lower a budget when a change saves bytes; raise one only with the reason (the last raise:
    /// the signature hashes a plain byte array instead of pooled buffers, 0.8 KB more and no slower, docs/benchmarks.md §C).
    /// </summary>
    public static TheoryData<string, int> Budgets() => new()
    {
        { "answer", 4_400 },
        { "dial action", 10_700 },
        { "dial event", 10_900 },
        { "hangup", 12_100 },
        { "ring", 7_400 },
        { "fallback", 7_500 },
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task One_warmed_up_callback_allocates_no_more_than_its_budget(string kind, int budgetBytes)
    {
        await using var app = TestApp.CreateInMemory(configureServices: services => services.RemoveAll<ILoggerProvider>());
        var (function, request) = Callback(app, kind);
        for (var i = 0; i < WarmUpCalls; i++)
        {
            Assert.Equal(200, ((ContentResult)await function(request.ToHttpContext(app.Services).Request, default)).StatusCode);
        }

        var context = request.ToHttpContext(app.Services);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = function(context.Request, default);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(run.IsCompletedSuccessfully, "The callback must complete synchronously for its bytes to be counted on this thread.");
        Assert.True(allocated <= budgetBytes, $"One {kind} callback allocated {allocated:N0} bytes; its budget is {budgetBytes:N0}.");
    }

    private static (Func<HttpRequest, CancellationToken, Task<IActionResult>> Function, TestRequest Request) Callback(TestApp app, string kind) => kind switch
    {
        "answer" => (app.Create<AnswerFunction>().Run, PlivoCallbacks.Answer(Call).Presigned()),
        "dial action" => (app.Create<DialActionFunction>().Run, PlivoCallbacks.DialAction(Call, BLeg, "completed", "NORMAL_CLEARING").Presigned()),
        "dial event" => (app.Create<DialCallbackFunction>().Run, PlivoCallbacks.DialEvent(Call, BLeg, "+14155550188", 1, "hangup", "Normal Hangup").Presigned()),
        "hangup" => (app.Create<HangupFunction>().Run, PlivoCallbacks.Hangup(Call, answered: true).Presigned()),
        "ring" => (app.Create<RingFunction>().Run, PlivoCallbacks.Ring(Call).Presigned()),
        _ => (app.Create<FallbackFunction>().Run, PlivoCallbacks.Answer(Call, PlivoCallbacks.FallbackPath).Presigned()),
    };
}
