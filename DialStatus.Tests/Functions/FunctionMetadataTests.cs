using System.Text.Json;
using DialStatus.Tests.Infrastructure;

namespace DialStatus.Tests.Functions;

/// <summary>
/// functions.metadata is what the Functions host reads to route requests and schedule timers: these routes are
/// what users paste into the Plivo console, so the build's output is held to the published route table.
/// </summary>
public sealed class FunctionMetadataTests
{
    public static TheoryData<string, string, string, string[]> RouteTable => new()
    {
        { "Answer", "dialstatus", "Anonymous", ["get", "post"] },
        { "DialAction", "dialstatus/action", "Anonymous", ["get", "post"] },
        { "DialCallback", "dialstatus/callback", "Anonymous", ["get", "post"] },
        { "Ring", "dialstatus/ring", "Anonymous", ["get", "post"] },
        { "Hangup", "dialstatus/hangup", "Anonymous", ["get", "post"] },
        { "Fallback", "dialstatus/fallback", "Anonymous", ["get", "post"] },
        { "Phlo", "dialstatus/phlo", "Function", ["get", "post"] },
        { "CallTimelineReader", "dialstatus/calls/{callUuid}", "Function", ["get"] },
        { "EraseCall", "dialstatus/calls/{callUuid}", "Function", ["delete"] },
        { "DailyReport", "dialstatus/report", "Function", ["get"] },
        { "Dashboard", "dialstatus/dashboard", "Function", ["get"] },
        { "DashboardCall", "dialstatus/dashboard/calls/{callUuid}", "Function", ["get"] },
    };

    /// <summary>The timer functions and the app setting each reads its schedule from (deploy.md names it).</summary>
    public static TheoryData<string, string> TimerTable => new()
    {
        { "Retention", "%DialStatus:RetentionSchedule%" },
    };

    private static readonly Lazy<JsonElement[]> Functions = new(() =>
    {
        var path = Path.Combine(TestPaths.FunctionsOutputDirectory, "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateArray().Select(f => f.Clone())];
    });

    [Theory]
    [MemberData(nameof(RouteTable))]
    public void Each_function_has_its_published_route_methods_and_auth_level(string name, string route, string authLevel, string[] methods)
    {
        var trigger = Trigger(name);

        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).Order());
    }

    [Theory]
    [MemberData(nameof(TimerTable))]
    public void Each_timer_function_is_triggered_by_a_timer_on_the_schedule_of_its_app_setting(string name, string schedule)
    {
        var trigger = Assert.Single(Functions.Value.Single(f => f.GetProperty("name").GetString() == name).GetProperty("bindings").EnumerateArray(),
            b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal(("timerTrigger", schedule), (trigger.GetProperty("type").GetString(), trigger.GetProperty("schedule").GetString()));
    }

    [Fact]
    public void The_build_publishes_exactly_the_functions_of_the_route_and_timer_tables()
    {
        var published = Functions.Value.Select(f => f.GetProperty("name").GetString()).Order();

        Assert.Equal(RouteTable.Select(row => (string)row[0]).Concat(TimerTable.Select(row => (string)row[0])).Order(), published);
    }

    [Fact]
    public void Host_json_keeps_the_default_api_route_prefix()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.FunctionsOutputDirectory, "host.json")));

        var hasCustomPrefix = hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out _);
        Assert.False(hasCustomPrefix);
    }

    private static JsonElement Trigger(string functionName) =>
        Functions.Value.Single(f => f.GetProperty("name").GetString() == functionName)
            .GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString() == "httpTrigger");
}
