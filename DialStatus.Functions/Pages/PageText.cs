using System.Globalization;

namespace DialStatus.Functions.Pages;

/// <summary>How the pages write times and stored values.</summary>
internal static class PageText
{
    /// <summary>A UTC time, shown in <paramref name="format"/> and machine-readable in <c>datetime</c>.</summary>
    public static void Time(HtmlWriter html, DateTimeOffset at, string format)
    {
        var utc = at.UtcDateTime;
        html.Element("time", utc.ToString(format, CultureInfo.InvariantCulture),
            ("datetime", utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)));
    }

    /// <summary>A stored property as text: strings verbatim, times in UTC, numbers without culture.</summary>
    public static string Value(object value) => value switch
    {
        string text => text,
        DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
