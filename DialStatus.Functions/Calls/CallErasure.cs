using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace DialStatus.Functions.Calls;

/// <summary>Erases one call on request (a caller's right to erasure): every record of it and every day-index entry.</summary>
public sealed class CallErasure(ICallRecordStore store, DialStatusMetrics metrics, ILogger<CallErasure> logger)
{
    /// <summary><see cref="Outcome.Erased"/> once nothing of the call is left; 404 for a call with no records.</summary>
    public async Task<Outcome> EraseAsync(string callUuid, CancellationToken cancellationToken)
    {
        if (!(await store.DeleteCallAsync(callUuid, anchorDay: null, cancellationToken)).TryGet(out var records, out var failed))
        {
            return failed;
        }
        if (records == 0)
        {
            return Outcome.NotFound($"No records for call '{callUuid}'.");
        }
        metrics.CallDeleted(DialStatusMetrics.Erasure);
        Log.CallErased(logger, callUuid, records);
        return new Outcome.Erased();
    }
}
