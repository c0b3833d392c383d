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
    /// <summary>The fallback URL gets the answer URL's parameters (reference §2.2).</summary>
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

    public Task<CallbackOutcome> HandleAnswerAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        if (IsHangup(request))
        {
            return lifecycle.HandleHangupAsync(request, publicBaseUrl, cancellationToken);
        }
        return Task.FromResult(Dial(request, publicBaseUrl));
    }

    /// <summary>Records that Plivo needed the fallback (best effort: connecting the caller comes first), then dials.</summary>
    public async Task<CallbackOutcome> HandleFallbackAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        if (IsHangup(request))
        {
            return await lifecycle.HandleHangupAsync(request, publicBaseUrl, cancellationToken);
        }
        if (request.ALegUuid is { } callUuid)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(FallbackRecordBudget);
            try
            {
                var record = new CallbackRecord(RecordKind.Fallback, callUuid, RecordKind.Fallback, request.Fields, FallbackFields);
                if (await recorder.RecordAsync(record, budget.Token) is { } refused)
                {
                    Log.FallbackNotRecorded(logger, callUuid, refused.Message);
                }
            }
            catch (Exception e) when (e is StorageUnavailableException or StorageRejectedException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                Log.FallbackNotRecorded(logger, callUuid, e is OperationCanceledException ? $"no answer within {FallbackRecordBudget.TotalSeconds:0} s" : e.Message);
            }
        }
        return Dial(request, publicBaseUrl);
    }

    private CallbackOutcome Dial(PlivoWebhookRequest request, string publicBaseUrl)
    {
        var fields = request.Fields;
        Log.Answered(logger, fields.NonEmpty(PlivoFields.CallUuid), phoneNumbers.ForLog(fields[PlivoFields.From]), phoneNumbers.ForLog(fields[PlivoFields.To]),
            plan.Mode.ToString(), plan.TargetCount);
        return CallbackOutcome.Reply(plan.DialXml(publicBaseUrl, attempt: 1));
    }

    private static bool IsHangup(PlivoWebhookRequest request) => request.Fields[PlivoFields.Event] == PlivoFields.HangupEvent;
}
