using System.Reflection;
using System.Text.Json;
using DialStatus.Functions;
using DialStatus.Functions.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// The function app behind a real Kestrel server on loopback, routed from the build's functions.metadata
/// the way the Functions host routes it (<c>api/</c> + route, methods, entry point; route values bound to
/// parameters by name), so tests talk plain HTTP to it. Function keys are the host's job and are not imitated,
/// and neither are timers: a test runs a timer function itself.
/// </summary>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionHost(WebApplication app, HttpClient client, LogCapture logs)
    {
        _app = app;
        Client = client;
        Logs = logs;
    }

    public HttpClient Client { get; }

    /// <summary>What the app logged.</summary>
    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the app with <paramref name="settings"/>; <paramref name="configureServices"/> replaces services (a clock, storage policies).</summary>
    public static async Task<FunctionHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        builder.Services.AddMvcCore();
        builder.Services.AddDialStatus(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();

        foreach (var function in ReadMetadata())
        {
            app.MapMethods($"/api/{function.Route}", function.Methods, context => InvokeAsync(context, function.EntryPoint));
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        return new FunctionHost(app, new HttpClient { BaseAddress = new Uri(address) }, logs);
    }

    public async Task<HttpResponseMessage> SendAsync(TestRequest request)
    {
        using var message = request.ToHttpRequestMessage();
        return await Client.SendAsync(message);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record FunctionMetadata(string Route, string[] Methods, MethodInfo EntryPoint);

    private static List<FunctionMetadata> ReadMetadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.FunctionsOutputDirectory, "functions.metadata")));
        var assembly = typeof(AnswerFunction).Assembly;
        var functions = new List<FunctionMetadata>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            // Only HTTP functions have routes; the host schedules the timer functions itself.
            var trigger = function.GetProperty("bindings").EnumerateArray().SingleOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger");
            if (trigger.ValueKind == JsonValueKind.Undefined)
            {
                continue;
            }
            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            var split = entryPoint.LastIndexOf('.');
            var method = assembly.GetType(entryPoint[..split], throwOnError: true)!.GetMethod(entryPoint[(split + 1)..])!;
            functions.Add(new FunctionMetadata(
                trigger.GetProperty("route").GetString()!,
                [.. trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())],
                method));
        }
        return functions;
    }

    /// <summary>Activates the function class per request and binds its parameters as the worker does.</summary>
    private static async Task InvokeAsync(HttpContext context, MethodInfo entryPoint)
    {
        var instance = ActivatorUtilities.CreateInstance(context.RequestServices, entryPoint.DeclaringType!);
        var arguments = entryPoint.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => context.Request,
            var t when t == typeof(CancellationToken) => context.RequestAborted,
            _ => (object?)context.GetRouteValue(parameter.Name!)?.ToString(),
        }).ToArray();
        var result = await (Task<IActionResult>)entryPoint.Invoke(instance, arguments)!;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
