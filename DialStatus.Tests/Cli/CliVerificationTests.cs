using Azure;
using Azure.Data.Tables;
using DialStatus.Cli.Simulation;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Cli;

/// <summary>The simulator's verification fails, naming the call and the field, when what is stored is not what was sent.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliVerificationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = TestApp.DefaultSettings(azurite.ConnectionString);
    private FunctionHost _host = null!;
    private Simulator _simulator = null!;
    private SimulatedCall _call = null!;

    public async Task InitializeAsync()
    {
        _settings.Remove("DialStatus:PublicBaseUrl");
        _host = await FunctionHost.StartAsync(_settings);
        _simulator = Simulator(TextWriter.Null);
        var played = await _simulator.RunAsync(CancellationToken.None);
        Assert.Equal(0, played.ExitCode);
        _call = Assert.Single(played.Calls);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Simulator Simulator(TextWriter error) => new(
        _host.Client,
        new SimulationOptions { BaseUrl = _host.Client.BaseAddress!.ToString(), AuthToken = TestApp.AuthToken, Scenarios = [Scenario.Answered] },
        TextWriter.Null,
        error);

    private TableClient Records => new(azurite.ConnectionString, _settings["DialStatus:TableName"]);

    [Fact]
    public async Task A_stored_DialStatus_that_differs_from_the_one_sent_fails_the_run_naming_the_call_and_the_field()
    {
        var record = (await Records.GetEntityAsync<TableEntity>(_call.Uuid, "DialAction-01")).Value;
        record["DialStatus"] = "busy";
        await Records.UpdateEntityAsync(record, ETag.All, TableUpdateMode.Replace);
        using var error = new StringWriter();

        var result = await Simulator(error).VerifyAsync([_call], CancellationToken.None);

        Assert.Equal((1, $"call {_call.Uuid}: DialAction-01 DialStatus is 'busy', sent 'completed'{Environment.NewLine}"), (result.ExitCode, error.ToString()));
    }

    [Fact]
    public async Task A_missing_B_leg_hangup_record_fails_the_run_naming_the_call_and_the_leg()
    {
        var hangup = _call.ExpectedRecords.First(r => r.Kind == RecordKind.DialEvent && r.RowKey.EndsWith("-hangup", StringComparison.Ordinal));
        await Records.DeleteEntityAsync(_call.Uuid, hangup.RowKey);
        using var error = new StringWriter();

        var result = await Simulator(error).VerifyAsync([_call], CancellationToken.None);

        Assert.Equal((1, $"call {_call.Uuid}: no DialEvent record for B leg {hangup.Field("DialBLegUUID")} hangup{Environment.NewLine}"), (result.ExitCode, error.ToString()));
    }
}
