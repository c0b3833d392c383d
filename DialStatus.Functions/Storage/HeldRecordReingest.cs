namespace DialStatus.Functions.Storage;

/// <summary>
/// Writes back records the app gave up on: each line is the <c>HeldRecord</c> JSON of one "Held-back record
/// abandoned" log event. Same keys and replace semantics as the first write, so re-ingesting twice is harmless.
/// </summary>
public static class HeldRecordReingest
{
    /// <summary>One line that could not be written back, and why.</summary>
    public sealed record Failure(int Line, string Reason);

    public sealed record Summary(int Written, IReadOnlyList<Failure> Failures);

    public static async Task<Summary> ReingestAsync(ICallRecordStore store, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var written = 0;
        var failures = new List<Failure>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            CallbackRecord record;
            try
            {
                record = CallbackRecordJson.Read(line);
            }
            catch (FormatException e)
            {
                failures.Add(new Failure(number, e.Message));
                continue;
            }
            var saved = await store.SaveAsync(record, cancellationToken);
            switch (saved.Ended)
            {
                case null:
                    written++;
                    break;
                case Outcome.Refused refused:
                    failures.Add(new Failure(number, refused.Message));
                    break;
                case Outcome.StorageUnavailable unavailable:
                    failures.Add(new Failure(number, unavailable.Reason));
                    break;
                default:
                    failures.Add(new Failure(number, "stopped before it was written"));
                    break;
            }
        }
        return new Summary(written, failures);
    }
}
