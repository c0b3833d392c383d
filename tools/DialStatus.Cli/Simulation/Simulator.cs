using System.Globalization;

namespace DialStatus.Cli.Simulation;

/// <summary>What the <c>simulate</c> command was asked to do.</summary>
public sealed record SimulationOptions
{
    /// <summary><c>scheme://host[:port]</c> of the app, as Plivo calls it.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The Plivo auth token the app validates signatures with.</summary>
    public required string AuthToken { get; init; }

    /// <summary>Sent as <c>x-functions-key</c> to the PHLO and read routes; Core Tools do not check keys locally.</summary>
    public string? FunctionKey { get; init; }

    public IReadOnlyList<Scenario> Scenarios { get; init; } = Scenario.All;

    /// <summary>Calls per scenario.</summary>
    public int Calls { get; init; } = 1;

    /// <summary>Calls in flight at once.</summary>
    public int Concurrency { get; init; } = 4;
}

/// <summary>The outcome of a run: every call's check, the report's, and every problem found.</summary>
public sealed record SimulationResult(IReadOnlyList<CallCheck> Checks, ReportCheck Report, IReadOnlyList<string> Problems)
{
    public IEnumerable<SimulatedCall> Calls => Checks.Select(c => c.Call);

    public int RequestsSent => Checks.Sum(c => c.Call.RequestsSent);

    public int RecordsExpected => Checks.Sum(c => c.Call.ExpectedRecords.Count);

    public int RecordsVerified => Checks.Sum(c => c.RecordsVerified);

    /// <summary>0 only when everything was verified.</summary>
    public int ExitCode => Problems.Count == 0 ? 0 : 1;
}

/// <summary>
/// Plays the chosen scenarios against the app as Plivo would, then verifies through the app's own read
/// endpoints that everything it accepted was recorded as sent and that the day report counts each call
/// with its outcome. Writes each call's timeline and a summary to <c>output</c>, one line per problem to
/// <c>error</c>, and a progress line to <c>error</c> when <c>showProgress</c> is set (a terminal).
/// </summary>
public sealed class Simulator(HttpClient http, SimulationOptions options, TextWriter output, TextWriter error, bool showProgress = false)
{
    private readonly PlivoClient _client = new(http, options.AuthToken, options.FunctionKey);
    private readonly Lock _progressLock = new();

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken)
    {
        var player = new CallPlayer(_client, options.BaseUrl);
        var calls = Enumerable.Range(0, options.Calls)
            .SelectMany(_ => options.Scenarios)
            .Select(scenario => new SimulatedCall(scenario))
            .ToList();
        var runProblems = new List<string>();

        // The failover scenario answers the last Dial an unanswered call goes through: a no-answer call
        // finds out how many Dials that is (one when simultaneous, one per destination when sequential).
        int? dialCount = null;
        string? learning = null;
        var rest = calls;
        if (calls.Any(c => c.Scenario.NeedsDialCount))
        {
            var learner = calls.FirstOrDefault(c => c.Scenario == Scenario.NoAnswer);
            if (learner is null)
            {
                learner = new SimulatedCall(Scenario.NoAnswer);
                calls.Insert(0, learner);
                learning = "one extra no-answer call went first, to learn how many Dials an unanswered call goes through";
            }
            else
            {
                learning = "a no-answer call went first, to learn how many Dials an unanswered call goes through";
            }
            await player.PlayAsync(learner, dialCount: null, cancellationToken);
            if (learner.PlayedToTheEnd)
            {
                dialCount = learner.Dials;
            }
            else
            {
                runProblems.Add($"{Scenario.SequentialFailover.Name} calls were not played: the no-answer call {learner.Uuid} that learns the Dial plan failed");
                calls.RemoveAll(c => c.Scenario.NeedsDialCount);
            }
            rest = [.. calls.Where(c => c != learner)];
        }

        var played = calls.Count - rest.Count;
        await Parallel.ForEachAsync(rest, Parallelism(cancellationToken), async (call, token) =>
        {
            await player.PlayAsync(call, dialCount, token);
            Progress("played", Interlocked.Increment(ref played), calls.Count);
        });
        ClearProgress();
        return await VerifyAsync(calls, runProblems, learning, cancellationToken);
    }

    /// <summary>Verifies calls already played (again, e.g. after their records changed) and writes the outcome.</summary>
    public Task<SimulationResult> VerifyAsync(IReadOnlyList<SimulatedCall> calls, CancellationToken cancellationToken) =>
        VerifyAsync(calls, [], note: null, cancellationToken);

    private async Task<SimulationResult> VerifyAsync(
        IReadOnlyList<SimulatedCall> calls, IReadOnlyList<string> runProblems, string? note, CancellationToken cancellationToken)
    {
        var verifier = new CallVerifier(_client, options.BaseUrl);
        var checks = new CallCheck[calls.Count];
        var verified = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, calls.Count), Parallelism(cancellationToken), async (i, token) =>
        {
            checks[i] = await verifier.VerifyAsync(calls[i], token);
            Progress("verified", Interlocked.Increment(ref verified), calls.Count);
        });
        var report = await new ReportVerifier(_client, options.BaseUrl).VerifyAsync(calls, cancellationToken);
        ClearProgress();

        foreach (var check in checks)
        {
            await output.WriteLineAsync(TimelineTable.Render(check));
        }
        List<string> problems = [.. runProblems, .. checks.SelectMany(c => c.Call.Problems.Concat(c.Problems)), .. report.Problems];
        var result = new SimulationResult(checks, report, problems);
        await WriteSummaryAsync(result, note);
        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem);
        }
        return result;
    }

    private async Task WriteSummaryAsync(SimulationResult result, string? note)
    {
        var days = result.Report.Days.Count == 0 ? "no report read" : string.Join(", ", result.Report.Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var lines = new List<(string, string)>();
        // Every scenario asked for, failed and unplayed ones included: a call passes when nothing went wrong with it.
        foreach (var scenario in options.Scenarios.Distinct())
        {
            var checks = result.Checks.Where(c => c.Call.Scenario == scenario).ToList();
            var passed = checks.Count(c => c.Problems.Count == 0 && c.Call.Problems.Count == 0);
            lines.Add((scenario.Name, checks.Count == 0 ? "not played"
                : $"{passed} of {checks.Count} call{(checks.Count == 1 ? "" : "s")} verified{(passed < checks.Count ? " (FAILED)" : "")}"));
        }
        lines.AddRange(
        [
            ("calls", $"{result.Checks.Count}" + (note is null ? "" : $" ({note})")),
            ("requests sent", $"{result.RequestsSent}"),
            ("records verified", $"{result.RecordsVerified} of {result.RecordsExpected}"),
            ("report", $"{result.Report.CallsChecked} call{(result.Report.CallsChecked == 1 ? "" : "s")} checked ({days})"),
            ("failures", $"{result.Problems.Count}"),
        ]);
        await output.WriteLineAsync("summary");
        foreach (var (name, value) in lines)
        {
            await output.WriteLineAsync($"  {name,-20} {value}");
        }
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };

    private void Progress(string verb, int done, int total)
    {
        if (showProgress)
        {
            lock (_progressLock)
            {
                error.Write($"\r{verb} {done}/{total} calls ");
            }
        }
    }

    private void ClearProgress()
    {
        if (showProgress)
        {
            lock (_progressLock)
            {
                error.Write("\r" + new string(' ', 40) + "\r");
            }
        }
    }
}
