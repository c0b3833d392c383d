using DialStatus.Cli.Reingest;
using DialStatus.Functions;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DialStatus.Cli.Reingest;

/// <summary>
/// Re-ingests the records the app gave up on: one <c>HeldRecord</c> JSON per line (the property of each
/// "Held-back record abandoned" log event), written to the app's tables with the app's own store.
/// </summary>
public static class HeldRecordFile
{
    /// <summary>Writes every record in <paramref name="lines"/>; the report goes to <paramref name="output"/>, one line per failure to <paramref name="error"/>.</summary>
    public static async Task<int> ReingestAsync(
        IEnumerable<string> lines, string? connectionString, string? tableServiceUri, string tableName,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["AzureWebJobsStorage:tableServiceUri"] = tableServiceUri,
            ["DialStatus:TableName"] = tableName,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDialStatus(configuration)
            .BuildServiceProvider();
        ICallRecordStore store;
        try
        {
            store = services.GetRequiredService<ICallRecordStore>();
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await error.WriteLineAsync(failure);
            }
            return 2;
        }

        var summary = await HeldRecordReingest.ReingestAsync(store, lines, cancellationToken);
        await output.WriteLineAsync($"Re-ingested {summary.Written} record(s) into {tableName}; {summary.Failures.Count} line(s) failed.");
        foreach (var failure in summary.Failures)
        {
            await error.WriteLineAsync($"line {failure.Line}: {failure.Reason}");
        }
        return summary.Failures.Count == 0 ? 0 : 1;
    }
}
