using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Cli;

/// <summary>
/// <c>reingest</c>: the documented way back for records the app logged as abandoned. It writes them with their
/// original keys, says which lines it could not, and exits non-zero then.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliReingestTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dialstatus-reingest-").FullName;
    private readonly string _table = "T" + Guid.NewGuid().ToString("N");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string HeldLine(string callUuid, int attempt, string dialStatus) => CallbackRecordJson.Write(new CallbackRecord(
        callUuid, RecordKey.DialAction(attempt), PlivoParameters.ParseUrlEncoded($"DialALegUUID={callUuid}&DialStatus={dialStatus}"),
        [PlivoFields.DialStatus, PlivoFields.DialALegUuid], new DateTimeOffset(2026, 11, 30, 23, 59, 40, TimeSpan.Zero), attempt, new DateOnly(2026, 11, 30)));

    [Fact]
    public async Task Abandoned_records_are_written_back_with_their_keys_and_the_day_index()
    {
        var file = Path.Combine(_folder, "held.jsonl");
        await File.WriteAllLinesAsync(file, [HeldLine("0d9b5c3a-1e2f-4a6b-8c7d-9e0f1a2b3c4d", 1, "no-answer"), "", HeldLine("0d9b5c3a-1e2f-4a6b-8c7d-9e0f1a2b3c4d", 2, "completed")]);

        var (exitCode, output, _) = await RunCliAsync("reingest", file, "--connection-string", azurite.ConnectionString, "--table", _table);

        Assert.Equal(0, exitCode);
        Assert.Contains("Re-ingested 2 record(s)", output, StringComparison.Ordinal);
        var records = await RecordsTable.ReadAllAsync(azurite.ConnectionString, _table);
        Assert.Equal(["DialAction-01", "DialAction-02"], records.Select(r => r.RowKey).Order());
        Assert.Equal(2, (await RecordsTable.ReadAllAsync(azurite.ConnectionString, DayIndex.TableName(_table))).Count);
    }

    [Fact]
    public async Task A_line_that_is_not_a_held_record_is_named_and_the_run_fails_after_writing_the_rest()
    {
        var file = Path.Combine(_folder, "held.jsonl");
        await File.WriteAllLinesAsync(file, ["{\"not\": \"a held record\"}", HeldLine("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", 1, "busy")]);

        var (exitCode, output, error) = await RunCliAsync("reingest", file, "--connection-string", azurite.ConnectionString, "--table", _table);

        Assert.Equal(1, exitCode);
        Assert.Contains("Re-ingested 1 record(s)", output, StringComparison.Ordinal);
        Assert.StartsWith("line 1: ", error, StringComparison.Ordinal);
        Assert.Single(await RecordsTable.ReadAllAsync(azurite.ConnectionString, _table));
    }

    private Task<(int ExitCode, string Output, string Error)> RunCliAsync(params string[] arguments) =>
        CliProcess.RunAsync(_folder, arguments);
}
