using System.Text;
using DialStatus.Functions;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Functions;

/// <summary>
/// No request-derived value becomes a 500, and a real fault in the app is logged with its endpoint and answered
/// without a stack trace; bodies are read whole however they arrive.
/// </summary>
public sealed class RequestFailureTests
{
    private const string ALeg = "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11";

    [Theory]
    [InlineData("dialstatus.example.net:99999")]
    [InlineData("dialstatus.example.net:-1")]
    [InlineData("dialstatus example.net")]
    [InlineData("dialstatus.example.net ")]
    public async Task A_Host_header_that_cannot_form_a_URL_is_a_400_naming_the_setting_to_set(string host)
    {
        await using var app = TestApp.CreateInMemory(new Dictionary<string, string?> { ["DialStatus:PublicBaseUrl"] = null });
        var request = TestRequest.Post("/api/dialstatus", ("CallUUID", ALeg)) with { Host = host, SignedUrl = $"https://{host}/api/dialstatus" };

        var response = await app.InvokeAsync(app.Create<AnswerFunction>().Run, request);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("DialStatus:PublicBaseUrl", response.Body);
    }

    [Fact]
    public async Task A_fault_in_the_app_is_a_500_without_a_stack_trace_logged_with_its_endpoint()
    {
        await using var app = TestApp.CreateInMemory(configureServices: services => services.Replace(ServiceDescriptor.Singleton<ICallRecordStore>(new FaultyStore())));

        var response = await app.InvokeAsync(app.Create<HangupFunction>().Run, TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg)));

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain(" at ", response.Body);
        Assert.DoesNotContain(FaultyStore.Message, response.Body);
        var logged = Assert.Single(app.Logs.Entries, e => e.EventId.Id == 3007);
        Assert.Equal(("Hangup", ALeg), ((string?)logged["Endpoint"], (string?)logged["CallUUID"]));
    }

    [Theory]
    [InlineData("fallback")]
    [InlineData("action")]
    public async Task A_fault_in_the_app_is_not_taken_for_a_storage_outage_on_the_routing_paths(string route)
    {
        await using var app = TestApp.CreateInMemory(configureServices: services => services.Replace(ServiceDescriptor.Singleton<ICallRecordStore>(new FaultyStore())));
        var request = TestRequest.Post("/api/dialstatus/" + route, ("CallUUID", ALeg), ("DialStatus", "busy"));

        var response = await app.InvokeAsync(route == "fallback" ? app.Create<FallbackFunction>().Run : app.Create<DialActionFunction>().Run, request);

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Id == 3004);
    }

    [Fact]
    public async Task A_signed_body_without_Content_Length_longer_than_the_first_buffer_is_read_whole()
    {
        await using var app = TestApp.CreateInMemory();
        var padding = new string('x', 6000);
        var request = TestRequest.Post("/api/dialstatus/hangup", ("CallUUID", ALeg), ("X-PH-Padding", padding), ("HangupCauseName", "Normal Hangup"))
            with
        { SendContentLength = false };

        var response = await app.InvokeAsync(app.Create<HangupFunction>().Run, request);

        Assert.Equal(200, response.StatusCode);
        var record = Assert.Single((await app.InMemoryStore.ReadCallAsync(ALeg, CancellationToken.None)).Value);
        Assert.Equal("Normal Hangup", record.Properties["HangupCauseName"]);
        Assert.Contains(padding, record.RawParameters, StringComparison.Ordinal);
    }

    /// <summary>A store with a bug: every call throws something no storage failure looks like.</summary>
    private sealed class FaultyStore : ICallRecordStore
    {
        public const string Message = "a bug in the store";

        public Task<Result<Stored>> SaveAsync(CallbackRecord record, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);

        public Task<Result<IReadOnlyList<StoredRecord>>> ReadCallAsync(string callUuid, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);

        public Task<Result<IReadOnlyList<DayIndexEntry>>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);

        public Task<Result<DateOnly?>> FindOldestDayAsync(DateOnly before, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);

        public Task<Result<IReadOnlyList<string>>> ReadDayCallsAsync(DateOnly day, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);

        public Task<Result<int>> DeleteCallAsync(string callUuid, DateOnly? anchorDay, CancellationToken cancellationToken) => throw new InvalidOperationException(Message);
    }
}
