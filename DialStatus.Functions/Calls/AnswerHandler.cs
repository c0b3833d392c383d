using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Plivo;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>
/// The answer URL. A Plivo application's hangup URL defaults to its answer URL, so a hangup post
/// (<c>Event=Hangup</c>) can arrive here too: it gets an empty reply and never a second Dial.
/// </summary>
public sealed class AnswerHandler(DialPlan plan, ILogger<AnswerHandler> logger)
{
    public Task<CallbackOutcome> HandleAsync(PlivoWebhookRequest request, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var callUuid = request.Fields.NonEmpty(PlivoFields.CallUuid);
        if (request.Fields[PlivoFields.Event] == PlivoFields.HangupEvent)
        {
            Log.HangupAtAnswerUrl(logger, callUuid);
            return Task.FromResult(CallbackOutcome.Acknowledged);
        }
        Log.Answered(logger, callUuid, plan.Mode.ToString(), plan.TargetCount, attempt: 1);
        return Task.FromResult(CallbackOutcome.Reply(plan.DialXml(publicBaseUrl, attempt: 1)));
    }
}
