using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// Start-up failures as a person reads them: one line per bad setting (each names the setting in both spellings
/// and what would be valid), instead of an unhandled exception with a stack trace.
/// </summary>
internal static class StartupErrors
{
    /// <summary>The lines for <paramref name="exception"/> when it is a settings failure; none otherwise.</summary>
    public static IReadOnlyList<string> Describe(Exception exception) =>
        [.. SettingsFailures(exception).Select(failure => $"DialStatus cannot start: {failure}")];

    private static IEnumerable<string> SettingsFailures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(SettingsFailures),
        _ => [],
    };
}
