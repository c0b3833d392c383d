using System.Globalization;

namespace DialStatus.Load;

/// <summary>The command line of one load run.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        DialStatus load tool: sends signed Plivo callbacks through the real function classes against an in-memory
        Azurite it starts itself, then checks every acknowledged callback's record in Table Storage.

          dotnet run -c Release --project bench/DialStatus.Load -- [options]

          --callbacks N      callbacks to send, redeliveries included (default 10000)
          --concurrency N    requests in flight (default 32)
          --duplicates F     share of callbacks delivered twice, half one after another, half at once (default 0.05)
          --seed N           scenario seed (default 20261126)
          --max-seconds N    stop sending after this long and fail (default 600)
          --outage N         stop Azurite once a third of the callbacks is sent, keep it down N seconds, start it
                             again (its data on disk); callbacks answered 503 are redelivered every second, as
                             Plivo does with the app's retry fragment, and the run waits for held statuses
          --smoke            300 callbacks, 60 s limit: a CI check that takes seconds

        Exit code 0 only when every callback was acknowledged (after redeliveries), none was lost, none was
        duplicated, every held status was written, and the run finished in time.
        """;

    public int Callbacks { get; init; } = 10_000;

    public int Concurrency { get; init; } = 32;

    public double Duplicates { get; init; } = 0.05;

    public int Seed { get; init; } = 20261126;

    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long storage is down in the middle of the run; null: no outage.</summary>
    public TimeSpan? Outage { get; init; }

    public bool Smoke { get; init; }

    public bool Help { get; init; }

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        int? callbacks = null;
        TimeSpan? maxDuration = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--callbacks": callbacks = PositiveInt(Next(), "--callbacks"); break;
                case "--concurrency": options = options with { Concurrency = PositiveInt(Next(), "--concurrency") }; break;
                case "--duplicates": options = options with { Duplicates = Share(Next()) }; break;
                case "--seed": options = options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                case "--max-seconds": maxDuration = TimeSpan.FromSeconds(PositiveInt(Next(), "--max-seconds")); break;
                case "--outage": options = options with { Outage = TimeSpan.FromSeconds(PositiveInt(Next(), "--outage")) }; break;
                case "--smoke": options = options with { Smoke = true }; break;
                case "--help" or "-h": options = options with { Help = true }; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        return options with
        {
            Callbacks = callbacks ?? (options.Smoke ? 300 : options.Callbacks),
            MaxDuration = maxDuration ?? (options.Smoke ? TimeSpan.FromSeconds(60) : options.MaxDuration),
        };
    }

    private static int PositiveInt(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");

    private static double Share(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
            ? share
            : throw new ArgumentException($"--duplicates must be between 0 and 1, not '{value}'.");
}
