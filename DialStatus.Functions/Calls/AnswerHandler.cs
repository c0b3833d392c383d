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

    /// <summary>
    /// The fallback runs after the answer URL already failed and delayed the caller: its record may wait
    /// this long, no longer, before the caller is connected without it.
    /// </summary>
    public static readonly TimeSpan FallbackRecordBudget = TimeSpan.FromSeconds(2);

    public Task<Outcome> HandleAnswerAsync(PlivoWebhookRequest request, CancellationToken cancellationToken) =>
        IsHangup(request) ? lifecycle.HandleHangupAsync(request, cancellationToken) : Task.FromResult(Dial(request));

    /// <summary>Records that Plivo needed the fallback (best effort: connecting the caller comes first), then dials.</summary>
    public async Task<Outcome> HandleFallbackAsync(PlivoWebhookRequest request, CancellationToken cancellationToken)
    {
        if (IsHangup(request))
        {
            return await lifecycle.HandleHangupAsync(request, cancellationToken);
        }
        if (request.ALegUuid is { } callUuid)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(FallbackRecordBudget);
            var record = new CallbackRecord(callUuid, RecordKey.Fallback, request.Fields, FallbackFields, request.ReceivedAt);
            var recorded = await recorder.RecordAsync(record, CallbackRecorder.Acknowledged, budget.Token);
            if (recorded is Outcome.Aborted && cancellationToken.IsCancellationRequested)
            {
                return recorded;
            }
            if (recorded != CallbackRecorder.Acknowledged)
            {
                Log.FallbackNotRecorded(logger, callUuid, recorded switch
                {
                    Outcome.StorageUnavailable unavailable => unavailable.Reason,
                    Outcome.Refused refused => refused.Message,
                    _ => $"no answer within {FallbackRecordBudget.TotalSeconds:0} s",
                });
            }
        }
        return Dial(request);
    }

    private Outcome Dial(PlivoWebhookRequest request)
    {
        var fields = request.Fields;
        Log.Answered(logger, fields.NonEmpty(PlivoFields.CallUuid), phoneNumbers.ForLog(fields[PlivoFields.From]), phoneNumbers.ForLog(fields[PlivoFields.To]),
            plan.Mode.ToString(), plan.TargetCount);
        return new Outcome.Xml(plan.DialXml(request.PublicBaseUrl, attempt: 1));
    }

    private static bool IsHangup(PlivoWebhookRequest request) => request.Fields[PlivoFields.Event] == PlivoFields.HangupEvent;
}
