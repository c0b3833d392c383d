namespace DialStatus.Functions.Storage;

/// <summary>
/// Writes back records the app gave up on: each line is the <c>HeldRecord</c> of one "Held-back record abandoned"
/// log event, a whole record or one part of a long one (the parts of a record join in any order). Same keys and
/// replace semantics as the first write, so re-ingesting twice is harmless.
/// </summary>
internal static class HeldRecordReingest
{
    /// <summary>One line that could not be written back, and why.</summary>
    public sealed record Failure(int Line, string Reason);

    public sealed record Summary(int Written, IReadOnlyList<Failure> Failures);

    public static async Task<Summary> ReingestAsync(ICallRecordStore store, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        var written = 0;
        var failures = new List<Failure>();
        // The parts of each long record, by id, with the line of the first one seen to name it by.
        var parts = new Dictionary<string, (int FirstLine, List<CallbackRecordJson.Part> Parts)>();

        async Task WriteAsync(int line, Func<CallbackRecord> read)
        {
            CallbackRecord record;
            try
            {
                record = read();
            }
            catch (FormatException e)
            {
                failures.Add(new Failure(line, e.Message));
                return;
            }
            var saved = await store.SaveAsync(record, cancellationToken);
            switch (saved.Ended)
            {
                case null:
                    written++;
                    break;
                case Outcome.Refused refused:
                    failures.Add(new Failure(line, refused.Message));
                    break;
                case Outcome.StorageUnavailable unavailable:
                    failures.Add(new Failure(line, unavailable.Reason));
                    break;
                default:
                    failures.Add(new Failure(line, "stopped before it was written"));
                    break;
            }
        }

        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            CallbackRecordJson.Part? part;
            try
            {
                part = CallbackRecordJson.ReadPart(line);
            }
            catch (FormatException e)
            {
                failures.Add(new Failure(number, e.Message));
                continue;
            }
            if (part is null)
            {
                await WriteAsync(number, () => CallbackRecordJson.Read(line));
            }
            else if (parts.TryGetValue(part.Id, out var seen))
            {
                seen.Parts.Add(part);
            }
            else
            {
                parts[part.Id] = (number, [part]);
            }
        }
        foreach (var (firstLine, recordParts) in parts.Values)
        {
            await WriteAsync(firstLine, () => CallbackRecordJson.Join(recordParts));
        }
        return new Summary(written, failures);
    }
}
