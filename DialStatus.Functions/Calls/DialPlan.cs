using System.Collections.Concurrent;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The XML documents that steer a call, built from the <c>Dial:</c> settings. They depend only on the
/// settings and the public base URL, so each is built once and reused.
/// </summary>
public sealed class DialPlan(IOptions<DialOptions> options)
{
    public const string ActionRoute = "dialstatus/action";
    public const string CallbackRoute = "dialstatus/callback";
    public const string AttemptParameter = "attempt";

    /// <summary>Bounds the cache when the base URL comes from request Host headers rather than settings.</summary>
    private const int MaxCachedDocuments = 64;

    private readonly DialOptions _options = options.Value;
    private readonly IReadOnlyList<DialTarget> _targets = options.Value.ParsedTargets;
    private readonly ConcurrentDictionary<(string BaseUrl, int Attempt), string> _dialDocuments = new();

    public DialMode Mode => _options.Mode;

    public int TargetCount => _targets.Count;

    /// <summary>How many Dials a call can go through: one per target when sequential, else one.</summary>
    public int AttemptCount => Mode == DialMode.Sequential ? _targets.Count : 1;

    /// <summary>The document that connects the caller: Dial attempt <paramref name="attempt"/> (1-based).</summary>
    public string DialXml(string publicBaseUrl, int attempt)
    {
        if (attempt < 1 || attempt > AttemptCount)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, $"This plan has {AttemptCount} attempts.");
        }
        if (_dialDocuments.TryGetValue((publicBaseUrl, attempt), out var cached))
        {
            return cached;
        }
        var xml = new PlivoResponse().Add(BuildDial(publicBaseUrl, attempt)).ToXml();
        if (_dialDocuments.Count < MaxCachedDocuments)
        {
            _dialDocuments.TryAdd((publicBaseUrl, attempt), xml);
        }
        return xml;
    }

    /// <summary>After an answered Dial: end the call cleanly.</summary>
    public string CompletedXml { get; } = new PlivoResponse().Add(new Hangup()).ToXml();

    /// <summary>When nobody answered: say the configured message, else hang up.</summary>
    public string UnansweredXml { get; } = new PlivoResponse()
        .Add(options.Value.UnansweredMessage is { Length: > 0 } message ? new Speak(message) : new Hangup())
        .ToXml();

    private Dial BuildDial(string baseUrl, int attempt)
    {
        var action = $"{baseUrl}{PublicUrl.RoutePrefix}/{ActionRoute}";
        if (Mode == DialMode.Sequential)
        {
            // The attempt travels in the URL Plivo posts back, so the signature covers it.
            action += $"?{AttemptParameter}={attempt}";
        }
        var dial = new Dial
        {
            Action = CallbackRetry.AppendTo(action),
            Method = "POST",
            Redirect = true,
            CallbackUrl = CallbackRetry.AppendTo($"{baseUrl}{PublicUrl.RoutePrefix}/{CallbackRoute}"),
            CallbackMethod = "POST",
            CallerId = _options.CallerId,
            CallerName = _options.CallerName,
            Timeout = _options.TimeoutSeconds,
            TimeLimit = _options.TimeLimitSeconds,
            HangupOnStar = _options.HangupOnStar,
        };
        var targets = Mode == DialMode.Sequential ? [_targets[attempt - 1]] : _targets;
        foreach (var target in targets)
        {
            if (target.IsSipUri)
            {
                dial.Add(new User(target.Address));
            }
            else
            {
                dial.Add(new Number(target.Address));
            }
        }
        return dial;
    }
}
