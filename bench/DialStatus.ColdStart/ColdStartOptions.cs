using System.Globalization;

namespace DialStatus.ColdStart;

/// <summary>The command line of one cold-start measurement.</summary>
public sealed record ColdStartOptions
{
    public const string Usage = """
        DialStatus cold start: what the app itself adds to a cold start, with ReadyToRun on and off.

          dotnet run -c Release --project bench/DialStatus.ColdStart -- [options]

          --runs N    fresh processes of each variant to time (default 10)
          --smoke     one of each: a CI check that it all still runs (its numbers mean nothing)

        It publishes bench/DialStatus.ColdStart.Host twice for this machine's runtime identifier (on a Linux x64
        machine linux-x64, what Flex Consumption runs), framework-dependent, once with PublishReadyToRun=true and once without, starts
        an in-memory Azurite, then starts each variant N times as a fresh `dotnet <dll>` process, alternating the
        variants so that both share the machine's noise (one start of each beforehand is not counted: it puts
        the files in the page cache and creates the tables, which exist in production). Each process is the app
        as the Functions worker wires it: AddDialStatus over settings, the function classes activated through DI
        and routed from the build's functions.metadata, behind Kestrel on loopback. As soon as it listens, a
        signed answer request goes to it, then a signed Dial action, which writes to Table Storage. Times, from
        just before the process is started:

          listening              the runtime starting, the app's DI graph built, its hosted services started,
                                 Kestrel bound (the process prints its address then)
          first answer 200       plus the first request: routing, the function class activated, the signature
                                 checked, the Dial XML built and written
          first Dial action 200  plus the first Table Storage write (the Azure SDK's first request: its pipeline,
                                 the shared-key signing, the connection) and the reply

        Measured: the worker's own start-up work and the JIT of our code, of the Azure SDK and of the other
        packages the app ships, which is what ReadyToRun compiles ahead (the .NET and ASP.NET Core frameworks
        are ReadyToRun already in either variant). Not measured: the Functions host, and the Functions worker's
        own layer that needs it (its gRPC channel to the host, its invocation pipeline); allocating an instance
        and mounting the package; the network between Plivo, the host and storage; the OpenTelemetry exporter
        (set up only with APPLICATIONINSIGHTS_CONNECTION_STRING, which this run leaves unset).

        Prints a Markdown table: per variant the median and min-max of each time, and, by the first Dial action's
        200, of the process's CPU time (which a busy machine disturbs less than wall time) and of what the JIT did
        (its time over all threads, the methods it compiled); and R2R / JIT, the ratio of the medians.
        It also says how many Dial actions were in the table when their 200 arrived: one that was not had been
        held (storage slower than DialStatus:RoutingStorageTimeoutSeconds), so its time is that timeout's.
        Exit code 0 when every start listened and answered both requests with 200.
        """;

    public int Runs { get; init; } = 10;

    public bool Smoke { get; init; }

    public bool Help { get; init; }

    public static ColdStartOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ColdStartOptions();
        int? runs = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--runs needs a value.");
                    runs = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                        ? n
                        : throw new ArgumentException($"--runs must be a positive whole number, not '{value}'.");
                    break;
                case "--smoke": options = options with { Smoke = true }; break;
                case "--help" or "-h": options = options with { Help = true }; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        return options with { Runs = runs ?? (options.Smoke ? 1 : options.Runs) };
    }
}
