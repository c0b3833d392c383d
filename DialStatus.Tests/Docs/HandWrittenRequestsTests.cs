using System.Text;
using System.Text.RegularExpressions;
using DialStatus.Functions.Plivo;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Docs;

/// <summary>
/// DialStatus.http works top to bottom as written, every scenario keeps its own call, and the reference's signing
/// example signs one of its bodies exactly.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class HandWrittenRequestsTests(AzuriteFixture azurite)
{
    private sealed record HttpFileRequest(string Title, string Method, string PathAndQuery, string? ContentType, string Body);

    [Fact]
    public async Task Every_request_in_DialStatus_http_succeeds_in_order_and_no_scenario_overwrites_another()
    {
        var (variables, requests) = Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "DialStatus.http")));
        var settings = TestApp.DefaultSettings(azurite.ConnectionString);
        settings["Dial:Mode"] = "sequential";
        await using var host = await FunctionHost.StartAsync(settings);

        var table = settings["DialStatus:TableName"]!;
        var checkedBeforeErasure = false;
        foreach (var request in requests)
        {
            if (request.Method == "DELETE" && !checkedBeforeErasure)
            {
                await AssertEveryScenarioKeptItsOwnCallAsync(table, variables);
                checkedBeforeErasure = true;
            }
            using var response = await host.SendAsync(new TestRequest
            {
                Method = request.Method,
                PathAndQuery = request.PathAndQuery,
                ContentType = request.ContentType,
                RawBody = Encoding.UTF8.GetBytes(request.Body),
                // A hand-made request is signed over its exact body: the form the signature covers is the body's.
                Form = request.ContentType == "application/x-www-form-urlencoded" ? PlivoParameters.ParseUrlEncoded(request.Body) : [],
                SigningToken = request.Method == "POST" && !request.PathAndQuery.Contains("/phlo", StringComparison.Ordinal) ? TestApp.AuthToken : null,
            });
            Assert.True(response.IsSuccessStatusCode, $"{request.Title}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(checkedBeforeErasure || !requests.Any(r => r.Method == "DELETE"));
        if (!checkedBeforeErasure)
        {
            await AssertEveryScenarioKeptItsOwnCallAsync(table, variables);
        }
    }

    private async Task AssertEveryScenarioKeptItsOwnCallAsync(string table, Dictionary<string, string> variables)
    {
        var records = await RecordsTable.ReadAllAsync(azurite.ConnectionString, table);
        var kindsByCall = records.GroupBy(r => r.PartitionKey).ToDictionary(g => g.Key, g => g.Select(r => r.RowKey).Order().ToList());
        Assert.Equal(4, kindsByCall[variables["call"]].Count);
        Assert.Equal(["Hangup"], kindsByCall[variables["hangupAtAnswerCall"]]);
        Assert.Equal(["Ring"], kindsByCall[variables["apiCall"]]);
        Assert.Equal(["DialAction-01"], kindsByCall[variables["sequentialCall"]]);
        Assert.Equal(["Fallback"], kindsByCall[variables["fallbackCall"]]);
        Assert.Single(kindsByCall[variables["phloCall"]]);
    }

    [Fact]
    public void The_references_signing_example_signs_a_body_DialStatus_http_sends()
    {
        var reference = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "reference.md"));
        var (_, requests) = Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "DialStatus.http")));

        var examples = SignExample().Matches(reference).Select(m => (Path: m.Groups[1].Value, Body: m.Groups[2].Value)).ToList();

        Assert.NotEmpty(examples);
        Assert.All(examples, example => Assert.Contains(requests, r => r.PathAndQuery == example.Path && r.Body == example.Body));
    }

    private static (Dictionary<string, string> Variables, List<HttpFileRequest> Requests) Parse(string file)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match variable in Variable().Matches(file))
        {
            variables[variable.Groups[1].Value] = variable.Groups[2].Value.Trim();
        }
        string Expand(string text) => Placeholder().Replace(text, m => m.Groups[1].Value == "base" ? "/api" : variables[m.Groups[1].Value]);

        var requests = new List<HttpFileRequest>();
        foreach (var block in file.Split("\n###", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var lines = block.Split('\n');
            var requestLine = lines[1].Split(' ', 2);
            var blank = Array.FindIndex(lines, 2, line => line.Trim().Length == 0);
            var contentType = lines.Skip(2).Take(blank < 0 ? 0 : blank - 2).FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.Ordinal))?["Content-Type:".Length..].Trim();
            var body = blank < 0 ? "" : string.Join('\n', lines.Skip(blank + 1)).Trim();
            requests.Add(new HttpFileRequest(lines[0].Trim(), requestLine[0], Expand(requestLine[1].Trim()), contentType, Expand(body)));
        }
        return (variables, requests);
    }

    [GeneratedRegex(@"^@(\w+)\s*=\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex Variable();

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"DialStatus\.Cli -- sign POST http://localhost:7071(\S+) ""([^""]+)""")]
    private static partial Regex SignExample();
}
