using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// One Azurite Table service from the pinned npm package, on a loopback port: in memory, or persisted
/// to a folder so that a test can kill it and start it again on the same port with the same data.
/// Shared by the tests and the tools under bench/ (linked, not copied).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _repositoryRoot;
    private readonly string? _dataFolder;
    private Process? _process;

    /// <param name="repositoryRoot">Where node_modules/azurite is installed.</param>
    /// <param name="dataFolder">Persist to this folder; null keeps everything in memory.</param>
    /// <param name="port">The table port; 0 picks a free one.</param>
    public AzuriteProcess(string repositoryRoot, string? dataFolder = null, int port = 0)
    {
        _repositoryRoot = repositoryRoot;
        _dataFolder = dataFolder;
        Port = port == 0 ? FreeLoopbackPort() : port;
    }

    public int Port { get; }

    public string ConnectionString => ConnectionStringFor(Port);

    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>A connection string to a loopback port nobody listens on: storage that refuses every connection.</summary>
    public static string UnreachableConnectionString() => ConnectionStringFor(FreeLoopbackPort());

    public async Task StartAsync()
    {
        if (NotInstalled(_repositoryRoot) is { } notInstalled)
        {
            throw new AzuriteNotInstalledException(notInstalled);
        }
        var azurite = MainScript(_repositoryRoot);

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { azurite, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableTelemetry" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_dataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(_dataFolder);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_dataFolder);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await IsListeningAsync(Port))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Azurite did not start listening on port {Port}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// On Linux and macOS, stops Azurite the way Ctrl+C does (SIGINT): it stops listening, saves its data and
    /// exits. This is the only stop that keeps what it acknowledged: its table store saves to disk every 5 s,
    /// so a kill would also drop writes it had already answered (an emulator limit; Azure Storage is durable
    /// on ack). Windows has no signal to send to a process without a console of ours, so there Azurite is
    /// killed with its process tree, and a persisted store may lose up to its last 5 s of writes:
    /// <see cref="InterruptKeepsAcknowledgedWrites"/> tells the tests which it is.
    /// </summary>
    public async Task InterruptAsync()
    {
        if (_process is { HasExited: false } process && InterruptKeepsAcknowledgedWrites)
        {
            if (SendSignal(process.Id, SigInt) != 0)
            {
                throw new InvalidOperationException($"Could not interrupt Azurite (pid {process.Id}).");
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
        Kill();
    }

    /// <summary>Whether <see cref="InterruptAsync"/> lets Azurite save what it acknowledged (not on Windows).</summary>
    public static bool InterruptKeepsAcknowledgedWrites => !OperatingSystem.IsWindows();

    private const int SigInt = 2;

    // POSIX kill(2); only reached where InterruptKeepsAcknowledgedWrites, never on Windows, which has no libc.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>Kills Azurite at once.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>One line saying what to run when the pinned Azurite is not installed yet; null when it is.</summary>
    public static string? NotInstalled(string repositoryRoot) =>
        File.Exists(MainScript(repositoryRoot))
            ? null
            : $"Azurite is not installed here yet: run 'npm ci' in {repositoryRoot} first (or 'dotnet test', which runs it).";

    private static string MainScript(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "table", "main.js");

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>The pinned Azurite has not been installed from the lockfile (<c>npm ci</c>) yet.</summary>
public sealed class AzuriteNotInstalledException(string message) : Exception(message);
