using System.Reflection;
using DialStatus.Functions.Diagnostics;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// One of each measurement the app makes: every public recording method of <see cref="DialStatusMetrics"/>, found
/// by reflection so that instruments added later are measured too, called with sample values.
/// </summary>
internal static class Measurements
{
    public static void RecordOneOfEach(DialStatusMetrics metrics)
    {
        foreach (var method in typeof(DialStatusMetrics).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName))
        {
            method.Invoke(metrics, [.. method.GetParameters().Select(parameter => SampleValue(method, parameter))]);
        }
    }

    private static object SampleValue(MethodInfo method, ParameterInfo parameter) => parameter.ParameterType switch
    {
        var type when type == typeof(string) => "sample",
        var type when type == typeof(bool) => true,
        var type when type == typeof(TimeSpan) => TimeSpan.FromMilliseconds(12),
        var type when type == typeof(int) => 1,
        var type when type == typeof(long) => 1L,
        var type when type == typeof(double) => 1.0,
        var type => throw new NotSupportedException(
            $"DialStatusMetrics.{method.Name} takes a {type.Name} ({parameter.Name}): give Measurements a sample value for it."),
    };
}
