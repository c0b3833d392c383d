using Azure.Core.Pipeline;
using DialStatus.Functions;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DialStatus.Tests.Infrastructure;

/// <summary>
/// The app as the Functions worker wires it (<see cref="DialStatusServiceCollectionExtensions.AddDialStatus"/>
/// plus the MVC services the ASP.NET Core integration adds), with functions invoked through real
/// <see cref="HttpContext"/>s and their <see cref="IActionResult"/>s executed into real responses.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string AuthToken = "MzQ5ZGE0NjE2ZWQ5YjE4ZTU5ZjE3NWE1YzQ0Nzk2";
    public const string PublicBaseUrl = "https://dialstatus.example.net";
    public const string Targets = "+14155550188,sip:alice@phone.plivo.com,+14155550199";

    private TestApp(ServiceProvider services, IConfiguration configuration, LogCapture logs)
    {
        Services = services;
        Configuration = configuration;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    /// <summary>What this app logged.</summary>
    public LogCapture Logs { get; }

    public IConfiguration Configuration { get; }

    public string TableName => Configuration["DialStatus:TableName"]!;

    /// <summary>Settings every test app starts from; <paramref name="overrides"/> replace or remove (null) them.</summary>
    public static Dictionary<string, string?> DefaultSettings(string storageConnectionString) => new()
    {
        ["AzureWebJobsStorage"] = storageConnectionString,
        ["DialStatus:TableName"] = "T" + Guid.NewGuid().ToString("N"),
        ["DialStatus:PublicBaseUrl"] = PublicBaseUrl,
        ["Plivo:AuthToken"] = AuthToken,
        ["Dial:Targets"] = Targets,
        ["DialStatus:RetentionSchedule"] = "0 30 3 * * *",
    };

    public static TestApp Create(
        string storageConnectionString,
        IReadOnlyDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var settings = DefaultSettings(storageConnectionString);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new LogCapture();
        var services = new ServiceCollection();
        // What the Functions host registers before Program.cs runs.
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddMvcCore();
        services.AddDialStatus(configuration);
        configureServices?.Invoke(services);
        // The Functions worker's own hosted services need the Functions host, which tests do not have.
        foreach (var workerService in services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService)
            && descriptor.ImplementationType?.Namespace?.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) == true).ToList())
        {
            services.Remove(workerService);
        }
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        // What the host does at start-up: validate ValidateOnStart options, then start the hosted services.
        provider.GetRequiredService<IStartupValidator>().Validate();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            hosted.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        return new TestApp(provider, configuration, logs);
    }

    /// <summary>
    /// The app over <see cref="InMemoryCallRecordStore"/>: for tests of what the app answers and refuses, not of
    /// storage. The store is the app's <see cref="ICallRecordStore"/>, reachable as <c>Services</c>' singleton.
    /// </summary>
    public static TestApp CreateInMemory(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null) =>
        Create("UseDevelopmentStorage=true", overrides, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<ICallRecordStore>(new InMemoryCallRecordStore()));
            configureServices?.Invoke(services);
        });

    /// <summary>The in-memory store of an app made by <see cref="CreateInMemory"/>.</summary>
    internal InMemoryCallRecordStore InMemoryStore => (InMemoryCallRecordStore)Store;

    /// <summary>The app's store: Table Storage, or the in-memory store of <see cref="CreateInMemory"/>.</summary>
    public ICallRecordStore Store => Services.GetRequiredService<ICallRecordStore>();

    /// <summary>
    /// Services for <see cref="Create"/> that run <paramref name="policy"/> on every storage request: how a test
    /// observes storage traffic or injects faults (latency, errors) into it.
    /// </summary>
    public static Action<IServiceCollection> WithStoragePolicy(HttpPipelinePolicy policy) =>
        services => services.Configure<StoragePipelineOptions>(pipeline => pipeline.PerRetryPolicies.Add(policy));

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>The function a Plivo-facing path (query ignored) routes to, as the route table has it.</summary>
    public Func<HttpRequest, CancellationToken, Task<IActionResult>> FunctionFor(string pathAndQuery) => pathAndQuery.Split('?')[0] switch
    {
        "/api/dialstatus" => Create<AnswerFunction>().Run,
        "/api/dialstatus/action" => Create<DialActionFunction>().Run,
        "/api/dialstatus/callback" => Create<DialCallbackFunction>().Run,
        "/api/dialstatus/ring" => Create<RingFunction>().Run,
        "/api/dialstatus/hangup" => Create<HangupFunction>().Run,
        "/api/dialstatus/fallback" => Create<FallbackFunction>().Run,
        var path => throw new ArgumentException($"No Plivo-facing function is routed at {path}.", nameof(pathAndQuery)),
    };

    /// <summary>Runs a function against <paramref name="request"/> and executes its result into a response.</summary>
    public async Task<TestResponse> InvokeAsync(
        Func<HttpRequest, CancellationToken, Task<IActionResult>> function, TestRequest request, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = request.ToHttpContext(scope.ServiceProvider);
        var result = await function(context.Request, cancellationToken);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return await TestResponse.ReadAsync(context.Response);
    }

    /// <summary>Stops the app as the host does (hosted services in reverse order, within <paramref name="shutdownTimeout"/>).</summary>
    public async Task StopAsync(TimeSpan shutdownTimeout)
    {
        using var timeout = new CancellationTokenSource(shutdownTimeout);
        foreach (var hosted in Services.GetServices<IHostedService>().Reverse())
        {
            await hosted.StopAsync(timeout.Token);
        }
    }

    /// <summary>Stops the app without waiting on storage (a test that cares stops it first), then disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        await Services.DisposeAsync();
    }
}
