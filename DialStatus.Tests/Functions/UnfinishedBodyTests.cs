using System.Net.Sockets;
using System.Text;
using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Functions;

/// <summary>
/// A client that sends part of a body and stops is at fault, not the app: behind a real Kestrel it gets a 4xx,
/// nothing is stored, and nothing is logged at Error level (the alert rules fire on Errors).
/// </summary>
public sealed class UnfinishedBodyTests
{
    private const string PartOfABody = "CallUUID=5b6ae8e2-0c4c-4a4b-9d7e-2f7f5e0c1a11&From=%2B1415";

    [Fact]
    public async Task A_body_that_stops_arriving_is_a_408_logged_below_Error_with_nothing_stored()
    {
        await using var host = await StartAsync();
        await using var connection = await SendHeadersAndPartOfTheBodyAsync(host);

        var statusLine = await ReadStatusLineAsync(connection);

        Assert.StartsWith("HTTP/1.1 408", statusLine, StringComparison.Ordinal);
        Assert.Contains(AppLogs(host), entry => entry.EventId.Id == 2000);
        AssertNothingLoggedAsErrorOrStored(host);
    }

    [Fact]
    public async Task A_body_cut_short_by_the_client_closing_its_side_ends_the_request_below_Error_with_nothing_stored()
    {
        await using var host = await StartAsync();
        await using var connection = await SendHeadersAndPartOfTheBodyAsync(host);

        connection.Socket.Shutdown(SocketShutdown.Send);

        // Kestrel drops the connection: the client is gone, so only the log tells how the request ended.
        var ended = await Eventually.HoldsAsync(TimeSpan.FromSeconds(30), () =>
        {
            var entry = AppLogs(host).FirstOrDefault(entry => entry.EventId.Id is 2000 or 3002);
            return Task.FromResult((entry, entry is not null));
        });
        Assert.NotNull(ended);
        AssertNothingLoggedAsErrorOrStored(host);
    }

    /// <summary>The app behind Kestrel, which stops waiting for a body after two seconds without data (its default grace is 5 s).</summary>
    private static Task<FunctionHost> StartAsync() => FunctionHost.StartAsync(TestApp.DefaultSettings("UseDevelopmentStorage=true"), services =>
    {
        services.Replace(ServiceDescriptor.Singleton<ICallRecordStore>(new InMemoryCallRecordStore()));
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2)));
    });

    private static async Task<NetworkStream> SendHeadersAndPartOfTheBodyAsync(FunctionHost host)
    {
        var address = host.Client.BaseAddress!;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        var connection = new NetworkStream(socket, ownsSocket: true);
        var head = $"POST /api/dialstatus/hangup HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + $"Content-Length: 1000\r\n\r\n{PartOfABody}";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head));
        return connection;
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream connection)
    {
        using var reader = new StreamReader(connection, Encoding.ASCII, leaveOpen: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadLineAsync(timeout.Token) ?? string.Empty;
    }

    private static List<LogCapture.LogEntry> AppLogs(FunctionHost host) =>
        [.. host.Logs.Entries.Where(entry => entry.Category.StartsWith("DialStatus", StringComparison.Ordinal))];

    private static void AssertNothingLoggedAsErrorOrStored(FunctionHost host)
    {
        Assert.DoesNotContain(AppLogs(host), entry => entry.Level >= LogLevel.Error);
        Assert.Equal(0, ((InMemoryCallRecordStore)host.Services.GetRequiredService<ICallRecordStore>()).Count);
    }
}
