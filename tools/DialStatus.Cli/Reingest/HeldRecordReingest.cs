using DialStatus.Functions;
using DialStatus.Functions.Storage;

namespace DialStatus.Cli.Reingest;

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
            var (record, error) = Read(read);
            if (record is not null)
            {
                error = await SaveAsync(store, record, cancellationToken);
            }
            if (error is null)
            {
                written++;
            }
            else
            {
                failures.Add(new Failure(line, error));
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
            var (part, error) = Read(() => HeldRecordJson.ReadPart(line));
            if (error is not null)
            {
                failures.Add(new Failure(number, error));
            }
            else if (part is null)
            {
                await WriteAsync(number, () => HeldRecordJson.Read(line));
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
            await WriteAsync(firstLine, () => HeldRecordJson.Join(recordParts));
        }
        return new Summary(written, failures);
    }

    /// <summary>What <paramref name="read"/> read, or why the line is not a held record.</summary>
    private static (T? Value, string? Error) Read<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return (read(), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Null once the record is stored; otherwise why it is not.</summary>
    private static async Task<string?> SaveAsync(ICallRecordStore store, CallbackRecord record, CancellationToken cancellationToken) =>
        (await store.SaveAsync(record, cancellationToken)).Ended switch
        {
            null => null,
            Outcome.Refused refused => refused.Message,
            Outcome.StorageUnavailable unavailable => unavailable.Reason,
            _ => "stopped before it was written",
        };
}
