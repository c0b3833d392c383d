namespace DialStatus.Functions;

/// <summary>
/// The Functions host's function key as it travels in a URL: what guards the routes Plivo does not sign. The host
/// checks it before the app runs; the app never stores it, and the pages' links carry it on to the next page.
/// </summary>
internal static class FunctionKeyQuery
{
    /// <summary>The name of the query parameter the host reads a function key from.</summary>
    public const string Name = "code";
}
