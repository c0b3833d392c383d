using System.Collections.Concurrent;
using System.Globalization;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Plivo.Xml;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The XML documents that steer a call, built from the <c>Dial:</c> settings, and the query parameters the
/// Dial's URLs carry back to us. The documents depend only on the settings, the public base URL and the day the
/// call was answered, so each is built once and reused.
/// </summary>
public sealed class DialPlan(IOptions<DialOptions> options)
{
    public const string ActionRoute = "dialstatus/action";
    public const string CallbackRoute = "dialstatus/callback";

    /// <summary>Which Dial of a sequential call the action URL reports (1-based).</summary>
    public const string AttemptParameter = "attempt";

    /// <summary>The UTC day the call was answered (<c>yyyy-MM-dd</c>): the day the call is counted on.</summary>
    public const string AnsweredOnParameter = "day";

    /// <summary>
    /// Bounds the cache: base URLs may come from request Host headers rather than settings, and every day brings
    /// new documents. Past the bound the cache starts over, so today's documents are always cached.
    /// </summary>
    private const int MaxCachedDocuments = 64;

    private readonly DialOptions _options = options.Value;
    private readonly IReadOnlyList<DialTarget> _targets = options.Value.ParsedTargets;
    private readonly ConcurrentDictionary<(string BaseUrl, int Attempt, DateOnly AnsweredOn), string> _dialDocuments = new();

    public DialMode Mode => _options.Mode;

    public int TargetCount => _targets.Count;

    /// <summary>How many Dials a call can go through: one per target when sequential, else one.</summary>
    public int AttemptCount => Mode == DialMode.Sequential ? _targets.Count : 1;

    /// <summary>The document that connects the caller: Dial attempt <paramref name="attempt"/> (1-based) of a call answered on <paramref name="answeredOn"/>.</summary>
    public string DialXml(string publicBaseUrl, int attempt, DateOnly answeredOn)
    {
        if (attempt < 1 || attempt > AttemptCount)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, $"This plan has {AttemptCount} attempts.");
        }
        var key = (publicBaseUrl, attempt, answeredOn);
        if (_dialDocuments.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var xml = new PlivoResponse().Add(BuildDial(publicBaseUrl, attempt, answeredOn)).ToXml();
        if (_dialDocuments.Count >= MaxCachedDocuments)
        {
            _dialDocuments.Clear();
        }
        _dialDocuments.TryAdd(key, xml);
        return xml;
    }

    /// <summary>After an answered Dial: end the call cleanly.</summary>
    public string CompletedXml { get; } = new PlivoResponse().Add(new Hangup()).ToXml();

    /// <summary>When nobody answered: say the configured message, else hang up.</summary>
    public string UnansweredXml { get; } = new PlivoResponse()
        .Add(options.Value.UnansweredMessage is { Length: > 0 } message ? new Speak(message) : new Hangup())
        .ToXml();

    /// <summary>The attempt an action URL reports: 1 when it carries none (simultaneous mode).</summary>
    public static Result<int> AttemptOf(PlivoParameters query)
    {
        if (!query.OnlyValue(AttemptParameter).TryGet(out var value, out var refused))
        {
            return refused;
        }
        if (value is null)
        {
            return 1;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) && attempt >= 1
            ? attempt
            : Outcome.BadRequest($"Query parameter '{AttemptParameter}' must be a whole number from 1 up.");
    }

    /// <summary>The day a Dial's URL says the call was answered; none in URLs written before the app wrote it.</summary>
    public static Result<DateOnly?> AnsweredOnOf(PlivoParameters query)
    {
        if (!query.OnlyValue(AnsweredOnParameter).TryGet(out var value, out var refused))
        {
            return refused;
        }
        if (value is null)
        {
            return (DateOnly?)null;
        }
        return UtcDay.TryParse(value, out var day)
            ? day
            : Outcome.BadRequest($"Query parameter '{AnsweredOnParameter}' must be a UTC day as {UtcDay.FormatForPeople}, not '{value}'.");
    }

    private Dial BuildDial(string baseUrl, int attempt, DateOnly answeredOn)
    {
        // The day (and, when sequential, the attempt) travel in the URLs Plivo posts back, so the signature covers them.
        var day = $"{AnsweredOnParameter}={UtcDay.Text(answeredOn)}";
        var actionQuery = Mode == DialMode.Sequential ? $"?{AttemptParameter}={attempt}&{day}" : $"?{day}";
        var dial = new Dial
        {
            Action = CallbackRetry.AppendTo($"{baseUrl}{PublicUrl.RoutePrefix}/{ActionRoute}{actionQuery}"),
            Method = "POST",
            Redirect = true,
            CallbackUrl = CallbackRetry.AppendTo($"{baseUrl}{PublicUrl.RoutePrefix}/{CallbackRoute}?{day}"),
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
