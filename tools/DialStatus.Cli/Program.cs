// dialstatus: tools for trying the app without a phone.
//   sign METHOD URL [BODY]   the two signature headers Plivo would send for a request
//   simulate --base-url URL  plays whole calls as Plivo would and verifies what the app recorded
//   reingest FILE            writes back the records the app logged as abandoned (their HeldRecord lines)
// The library part (Simulation/, Reingest/, AuthToken, SignatureLines) does the work; this file only wires the commands.
using System.CommandLine;
using DialStatus.Cli;
using DialStatus.Cli.Reingest;
using DialStatus.Cli.Simulation;

const int ConfigurationError = 2;

var root = new RootCommand("DialStatus without a phone: sign requests as Plivo does, and play whole calls against the app.");
root.Subcommands.Add(SignCommand());
root.Subcommands.Add(SimulateCommand());
root.Subcommands.Add(ReingestCommand());

// A request body may start with '@': never read it as a response file.
return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync();

static Option<string> AuthTokenOption() => new("--auth-token")
{
    Description = $"Plivo auth token; else {AuthToken.LocalSettingsName} in the nearest {AuthToken.LocalSettingsFile}, else {AuthToken.EnvironmentVariable}",
};

static bool IsHttpUrl(string? text, out Uri uri) =>
    Uri.TryCreate(text, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https";

static string? ResolveToken(ParseResult parse, Option<string> option)
{
    var (token, error) = AuthToken.Resolve(parse.GetValue(option), Environment.CurrentDirectory, Environment.GetEnvironmentVariable);
    if (error is not null)
    {
        parse.InvocationConfiguration.Error.WriteLine(error);
    }
    return token;
}

static Command SignCommand()
{
    var method = new Argument<string>("METHOD") { Description = "GET or POST" };
    method.AcceptOnlyFromAmong("GET", "POST");
    var url = new Argument<string>("URL") { Description = "the full URL as Plivo calls it, query included" };
    url.Validators.Add(result =>
    {
        if (!IsHttpUrl(result.GetValueOrDefault<string>(), out _))
        {
            result.AddError("URL must be an absolute http or https URL, as Plivo calls it.");
        }
    });
    var body = new Argument<string?>("BODY") { Description = "the url-encoded form body of a POST", Arity = ArgumentArity.ZeroOrOne };
    var authToken = AuthTokenOption();
    var command = new Command("sign", "Print the X-Plivo-Signature-V3 and -Nonce headers for a request, signed with the app's own code.")
    {
        method, url, body, authToken,
    };
    command.SetAction(parse =>
    {
        if (parse.GetValue(method) == "GET" && parse.GetValue(body) is not null)
        {
            parse.InvocationConfiguration.Error.WriteLine("A GET request has no body: put its fields in the URL's query.");
            return ConfigurationError;
        }
        if (ResolveToken(parse, authToken) is not { } token)
        {
            return ConfigurationError;
        }
        foreach (var line in SignatureLines.Create(parse.GetValue(method)!, parse.GetValue(url)!, parse.GetValue(body), token, PlivoClient.NewNonce()))
        {
            parse.InvocationConfiguration.Output.WriteLine(line);
        }
        return 0;
    });
    return command;
}

static Command SimulateCommand()
{
    var baseUrl = new Option<string>("--base-url")
    {
        Description = "the app as Plivo calls it: http://localhost:7071, or https://<app>",
        Required = true,
    };
    baseUrl.Validators.Add(result =>
    {
        if (!IsHttpUrl(result.GetValueOrDefault<string>(), out var uri) || uri.Query.Length > 0)
        {
            result.AddError("--base-url must be an absolute http or https URL without a query, such as http://localhost:7071.");
        }
    });
    var authToken = AuthTokenOption();
    var functionKey = new Option<string>("--function-key") { Description = "function key for the PHLO, timeline and report routes (sent as x-functions-key)" };
    var scenario = new Option<string>("--scenario")
    {
        Description = "the scenario to play; all (the default) plays each one per --calls round",
        DefaultValueFactory = _ => "all",
    };
    scenario.AcceptOnlyFromAmong(["all", .. Scenario.All.Select(s => s.Name)]);
    var calls = new Option<int>("--calls") { Description = "calls per scenario", DefaultValueFactory = _ => 1 };
    var concurrency = new Option<int>("--concurrency") { Description = "calls in flight at once", DefaultValueFactory = _ => 4 };
    foreach (var count in new[] { calls, concurrency })
    {
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{count.Name} must be 1 or more.");
            }
        });
    }

    var command = new Command("simulate",
        "Play whole calls against the app as Plivo would, then verify every record and the day report through the app's read endpoints. Scenarios: "
        + string.Join("; ", Scenario.All.Select(s => $"{s.Name}: {s.Description}")) + ".")
    {
        baseUrl, authToken, functionKey, scenario, calls, concurrency,
    };
    command.SetAction(async (parse, cancellationToken) =>
    {
        if (ResolveToken(parse, authToken) is not { } token)
        {
            return ConfigurationError;
        }
        var options = new SimulationOptions
        {
            BaseUrl = parse.GetValue(baseUrl)!,
            AuthToken = token,
            FunctionKey = parse.GetValue(functionKey),
            Scenarios = parse.GetValue(scenario) is "all" or null ? Scenario.All : [Scenario.Find(parse.GetValue(scenario)!)!],
            Calls = parse.GetValue(calls),
            Concurrency = parse.GetValue(concurrency),
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var simulator = new Simulator(http, options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            showProgress: !Console.IsErrorRedirected);
        return (await simulator.RunAsync(cancellationToken)).ExitCode;
    });
    return command;
}

static Command ReingestCommand()
{
    var file = new Argument<string>("FILE") { Description = "one HeldRecord JSON per line (from the 'Held-back record abandoned' log events); - reads standard input" };
    var connectionString = new Option<string>("--connection-string") { Description = "the app's AzureWebJobsStorage connection string (UseDevelopmentStorage=true for Azurite)" };
    var tableServiceUri = new Option<string>("--table-service-uri") { Description = "https://<account>.table.core.windows.net, signed in as you (az login) instead of a connection string" };
    var table = new Option<string>("--table") { Description = "the app's DialStatus:TableName", DefaultValueFactory = _ => "DialStatus" };
    var command = new Command("reingest", "Write back records the app gave up on, with their original keys (safe to repeat).")
    {
        file, connectionString, tableServiceUri, table,
    };
    command.Validators.Add(result =>
    {
        if (result.GetValue(connectionString) is null == result.GetValue(tableServiceUri) is null)
        {
            result.AddError("Give exactly one of --connection-string and --table-service-uri.");
        }
    });
    command.SetAction(async (parse, cancellationToken) =>
    {
        var path = parse.GetValue(file)!;
        if (path != "-" && !File.Exists(path))
        {
            parse.InvocationConfiguration.Error.WriteLine($"No such file: {path}");
            return ConfigurationError;
        }
        var lines = path == "-" ? ReadLines(Console.In) : File.ReadLines(path);
        return await HeldRecordFile.ReingestAsync(lines, parse.GetValue(connectionString), parse.GetValue(tableServiceUri), parse.GetValue(table)!,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
    });
    return command;

    static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
