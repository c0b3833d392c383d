using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The answer and fallback answer URLs: both connect the caller with the same Dial. The answer path
/// touches no storage, so calls connect while storage is down. A Plivo application's hangup URL
/// defaults to its answer URL, so a hangup post (<c>Event=Hangup</c>) is recorded like one to the hangup
/// URL and never dials again.
/// </summary>
public sealed class AnswerHandler(
    DialPlan plan, CallLifecycleHandler lifecycle, CallbackRecorder recorder, PhoneNumberMask phoneNumbers, ILogger<AnswerHandler> logger)
{
    /// <summary>The fallback URL gets the answer URL's parameters (docs/plivo.md).</summary>
    public static readonly IReadOnlyList<string> FallbackFields =
    [
        PlivoFields.CallUuid, PlivoFields.From, PlivoFields.To, PlivoFields.CallStatus, PlivoFields.Direction, PlivoFields.Event,
        PlivoFields.ForwardedFrom, PlivoFields.ALegUuid, PlivoFields.ALegRequestUuid, PlivoFields.RequestUuid, PlivoFields.CallerName,
        PlivoFields.SessionStart, PlivoFields.StirAttestation, PlivoFields.StirVerification, PlivoFields.Machine,
    ];

    public Task<Outcome> HandleAnswerAsync(PlivoWebhookRequest request, CancellationToken cancellationToken) =>
        IsHangup(request) ? lifecycle.HandleHangupAsync(request, cancellationToken) : Task.FromResult(Dial(request));

    /// <summary>
    /// Dials like the answer, and records that Plivo needed the fallback; the caller already waited for the failed
    /// answer URL, so the record never delays the Dial (it is held when storage is slow).
    /// </summary>
    public Task<Outcome> HandleFallbackAsync(PlivoWebhookRequest request, CancellationToken cancellationToken)
    {
        if (IsHangup(request))
        {
            return lifecycle.HandleHangupAsync(request, cancellationToken);
        }
        var dial = Dial(request);
        return request.ALegUuid is { } callUuid
            ? recorder.RecordOrHoldAsync(new CallbackRecord(callUuid, RecordKey.Fallback, request.Fields, FallbackFields, request.ReceivedAt), dial, cancellationToken)
            : Task.FromResult(dial);
    }

    private Outcome Dial(PlivoWebhookRequest request)
    {
        var fields = request.Fields;
        Log.Answered(logger, fields.NonEmpty(PlivoFields.CallUuid), phoneNumbers.ForLog(fields[PlivoFields.From]), phoneNumbers.ForLog(fields[PlivoFields.To]),
            plan.Mode.ToString(), plan.TargetCount);
        // The day it was answered is the day the call counts on; the Dial's URLs carry it back to us.
        return new Outcome.Xml(plan.DialXml(request.PublicBaseUrl, attempt: 1, DateOnly.FromDateTime(request.ReceivedAt.UtcDateTime)));
    }

    private static bool IsHangup(PlivoWebhookRequest request) => request.Fields[PlivoFields.Event] == PlivoEvents.Hangup;
}
