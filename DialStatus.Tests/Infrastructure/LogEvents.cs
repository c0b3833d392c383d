using System.Reflection;
using System.Text.RegularExpressions;
using DialStatus.Functions.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// Every <c>[LoggerMessage]</c> event of Diagnostics/Log.cs, found by reflection so that events added later are
/// covered by the telemetry and query tests without being listed anywhere.
/// </summary>
internal static partial class LogEvents
{
    public static IReadOnlyList<MethodInfo> All { get; } = [.. typeof(Log).GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Where(method => method.GetCustomAttribute<LoggerMessageAttribute>() is not null)
        .OrderBy(method => method.Name, StringComparer.Ordinal)];

    public static MethodInfo Named(string name) => All.Single(method => method.Name == name);

    public static LoggerMessageAttribute Attribute(MethodInfo method) => method.GetCustomAttribute<LoggerMessageAttribute>()!;

    public static string Template(MethodInfo method) => Attribute(method).Message;

    /// <summary>The named properties of the event's message, in order.</summary>
    public static IReadOnlyList<string> Placeholders(MethodInfo method) =>
        [.. Placeholder().Matches(Template(method)).Select(match => match.Groups[1].Value)];

    /// <summary>An event logged with an exception reaches Azure Monitor as an exception item, not a trace.</summary>
    public static bool TakesException(MethodInfo method) =>
        method.GetParameters().Any(parameter => typeof(Exception).IsAssignableFrom(parameter.ParameterType));

    /// <summary>
    /// Arguments to write the event with: the logger, an exception, and for every other parameter a value that
    /// names the parameter, so a test can tell which attribute came from which argument.
    /// </summary>
    public static object?[] SampleArguments(MethodInfo method, ILogger logger) => [.. method.GetParameters().Select(object? (parameter) => parameter.ParameterType switch
    {
        var type when type == typeof(ILogger) => logger,
        var type when typeof(Exception).IsAssignableFrom(type) => new InvalidOperationException($"sample failure for {method.Name}"),
        var type when type == typeof(string) => $"{parameter.Name}-{method.Name}",
        var type when type == typeof(int) => 400 + parameter.Position,
        var type when type == typeof(double) => 2.5 + parameter.Position,
        var type => throw new NotSupportedException(
            $"Log.{method.Name} takes a {type.Name} ({parameter.Name}): give LogEvents.SampleArguments a sample value for it."),
    })];

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
