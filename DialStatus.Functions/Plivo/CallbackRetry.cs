namespace DialStatus.Functions.Plivo;

/// <summary>
/// Plivo's callback-retry settings ride in a URL's <c>#</c> fragment (never sent, never signed). By
/// default Plivo retries only connect failures and read timeouts; we also want our 503 (storage
/// unavailable) retried, or that status would be lost.
/// </summary>
internal static class CallbackRetry
{
    /// <summary>Three retries of connect failures, read timeouts and 5xx replies.</summary>
    public const string Fragment = "#rc=3&rp=ct,rt,5xx";

    public static string AppendTo(string url) => url + Fragment;
}
