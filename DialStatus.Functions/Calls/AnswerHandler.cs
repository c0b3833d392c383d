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
    public static readonly IReadOnlyList<string> FallbackFields = CallLifecycleHandler.RingFields;

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
            try
            {
                var record = new CallbackRecord(RecordKind.Fallback, callUuid, RecordKind.Fallback, request.Fields, FallbackFields);
                if (await recorder.RecordAsync(record, cancellationToken) is { } refused)
                {
                    Log.FallbackNotRecorded(logger, callUuid, refused.Message);
                }
            }
            catch (StorageUnavailableException e)
            {
                Log.FallbackNotRecorded(logger, callUuid, e.Message);
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
