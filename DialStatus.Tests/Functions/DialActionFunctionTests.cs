using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Azure.Data.Tables;
using DialStatus.Functions.Endpoints;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Functions;

/// <summary>The Dial action URL: Plivo reports how the Dial ended; we store it and say how the call goes on.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DialActionFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ALeg = "5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11";
    private const string BLeg = "c0a58e17-9d24-4f6b-8a13-72e5b4c9d806";
    private const string ActionPath = "/api/dialstatus/action";

    private TestApp _app = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Create(azurite.ConnectionString, new Dictionary<string, string?> { ["Dial:UnansweredMessage"] = "Sorry, nobody could take your call." });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A Dial action as Plivo posts it for call <c>ALeg</c>.</summary>
    internal static TestRequest ActionPost(string dialStatus, params (string, string)[] extra) =>
        TestRequest.Post(ActionPath,
        [
            ("CallUUID", ALeg), ("From", "+14155550123"), ("To", "+14155550100"), ("CallStatus", "in-progress"),
            ("Direction", "inbound"), ("DialStatus", dialStatus), ("DialRingStatus", "true"), ("DialHangupCause", "NORMAL_CLEARING"),
            ("DialALegUUID", ALeg), ("DialBLegUUID", dialStatus == "completed" ? BLeg : ""), .. extra,
        ]);

    private Task<TestResponse> PostAsync(TestRequest request) => _app.InvokeAsync(_app.Create<DialActionFunction>().Run, request);

    private Task<List<TableEntity>> RecordsAsync() => RecordsTable.ReadAllAsync(azurite.ConnectionString, _app.TableName);

    [Fact]
    public async Task The_dial_status_is_stored_under_Plivos_field_names_in_the_A_legs_partition()
    {
        await PostAsync(ActionPost("completed"));

        var record = Assert.Single(await RecordsAsync());
        Assert.Equal(ALeg, record.PartitionKey);
        Assert.Equal("DialAction-01", record.RowKey);
        Assert.Equal("DialAction", record.GetString("RecordKind"));
        Assert.Equal("completed", record.GetString("DialStatus"));
        Assert.Equal(ALeg, record.GetString("DialALegUUID"));
        Assert.Equal(BLeg, record.GetString("DialBLegUUID"));
        Assert.Equal("true", record.GetString("DialRingStatus"));
        Assert.Equal("NORMAL_CLEARING", record.GetString("DialHangupCause"));
        Assert.Equal("+14155550123", record.GetString("From"));
        Assert.Equal("+14155550100", record.GetString("To"));
        Assert.Equal("in-progress", record.GetString("CallStatus"));
        Assert.Equal("inbound", record.GetString("Direction"));
        Assert.Equal(1, record.GetInt32("Attempt"));
    }

    [Fact]
    public async Task The_record_holds_our_UTC_receive_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await PostAsync(ActionPost("busy"));

        var received = Assert.Single(await RecordsAsync()).GetDateTimeOffset("ReceivedAtUtc")!.Value;
        Assert.InRange(received, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(TimeSpan.Zero, received.Offset);
    }

    [Fact]
    public async Task Every_parameter_including_ones_we_do_not_know_is_kept_in_RawParameters()
    {
        await PostAsync(ActionPost("no-answer", ("X-PH-Tenant", "acme"), ("SomeFutureField", "42 + 1 é")));

        var raw = JsonDocument.Parse(Assert.Single(await RecordsAsync()).GetString("RawParameters")).RootElement;
        Assert.Equal("acme", raw.GetProperty("X-PH-Tenant").GetString());
        Assert.Equal("42 + 1 é", raw.GetProperty("SomeFutureField").GetString());
        Assert.Equal("no-answer", raw.GetProperty("DialStatus").GetString());
    }

    [Fact]
    public async Task A_DialStatus_we_do_not_know_is_stored_as_sent()
    {
        var response = await PostAsync(ActionPost("rerouted-by-carrier"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("rerouted-by-carrier", Assert.Single(await RecordsAsync()).GetString("DialStatus"));
    }

    [Fact]
    public async Task Repeated_deliveries_of_one_callback_leave_one_record()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await PostAsync(ActionPost("busy"))).StatusCode);
        }

        Assert.Single(await RecordsAsync());
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_callback_leave_one_record()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(ActionPost("timeout"))));

        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Single(await RecordsAsync());
    }

    [Fact]
    public async Task A_redelivery_replaces_the_record_rather_than_merging_into_it()
    {
        await PostAsync(ActionPost("busy", ("OnlyInFirstDelivery", "x")));

        await PostAsync(ActionPost("busy"));

        var record = Assert.Single(await RecordsAsync());
        Assert.False(record.ContainsKey("OnlyInFirstDelivery"));
        Assert.DoesNotContain("OnlyInFirstDelivery", record.GetString("RawParameters"));
    }

    [Fact]
    public async Task The_call_UUID_is_taken_from_CallUUID_when_DialALegUUID_is_absent()
    {
        const string onlyCallUuid = "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a0b";

        await PostAsync(TestRequest.Post(ActionPath, ("CallUUID", onlyCallUuid), ("DialStatus", "failed")));

        Assert.Equal(onlyCallUuid, Assert.Single(await RecordsAsync()).PartitionKey);
    }

    [Fact]
    public async Task A_GET_callback_is_read_from_its_query()
    {
        var query = "?" + TestRequest.EncodeForm([new("DialStatus", "busy"), new("DialALegUUID", ALeg)]);

        var response = await PostAsync(TestRequest.Get(ActionPath + query));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("busy", Assert.Single(await RecordsAsync()).GetString("DialStatus"));
    }

    [Fact]
    public async Task An_attempt_beyond_the_current_dial_plan_is_stored_and_ends_the_call()
    {
        // Signed by Plivo for a plan that had more targets before the settings changed.
        var response = await PostAsync(TestRequest.Post(ActionPath + "?attempt=7", ("DialALegUUID", ALeg), ("DialStatus", "busy")));

        Assert.Equal("Sorry, nobody could take your call.", response.Xml.Element("Speak")?.Value);
        Assert.Equal(7, Assert.Single(await RecordsAsync()).GetInt32("Attempt"));
    }

    [Fact]
    public async Task The_stored_status_is_logged_with_CallUUID_and_DialStatus_and_no_full_phone_numbers()
    {
        await PostAsync(ActionPost("busy"));

        var entry = _app.Logs.Entries.Last(e => e.Message.Contains(ALeg, StringComparison.Ordinal) && e.Properties.Any(p => p.Key == "DialStatus"));
        var properties = entry.Properties.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(ALeg, properties["CallUUID"]);
        Assert.Equal("busy", properties["DialStatus"]);
        Assert.DoesNotContain("+1415555", entry.Message);
    }
}
