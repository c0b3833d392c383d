using System.Globalization;

namespace DialStatus.Functions;

/// <summary>
/// A UTC day as the app writes and reads it everywhere: <c>yyyy-MM-dd</c> in query parameters (<c>?date=</c>,
/// <c>?day=</c>), records' <c>CallDay</c>, the report, the pages and the logs.
/// </summary>
internal static class UtcDay
{
    public const string Format = "yyyy-MM-dd";

    /// <summary>How a message tells a person the format: <c>YYYY-MM-DD</c>.</summary>
    public const string FormatForPeople = "YYYY-MM-DD";

    public static string Text(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
