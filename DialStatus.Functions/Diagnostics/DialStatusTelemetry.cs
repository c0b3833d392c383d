using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DialStatus.Functions.Diagnostics;

/// <summary>
/// The worker's telemetry: its logs, the invocation span and the <see cref="DialStatusMetrics"/> meter, exported
/// with OpenTelemetry to Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. Without it no
/// OpenTelemetry service is registered at all, so a local run (or a test) behaves as if telemetry did not exist.
/// </summary>
internal static class DialStatusTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD;ClientId=&lt;client id&gt;</c>: the setting the Functions host reads too.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static void AddDialStatusTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return;
        }
        // Read now, so a bad authentication string stops the start with one line rather than the first export.
        var credential = CredentialFor(configuration[AuthenticationStringSetting]);
        services.AddOpenTelemetry()
            .WithDialStatusSignals()
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = configuration[ConnectionStringSetting];
                options.Credential = credential;
            });
        // After every other configuration (the exporter's own defaults, an AzureMonitorExporter section):
        // operators count dial statuses from these logs, so none may be sampled away.
        services.PostConfigure<AzureMonitorExporterOptions>(ExportEverything);
    }

    /// <summary>
    /// What the worker records, whatever it is exported to: the Functions worker's invocation span (parented on
    /// the host's span through the trace context the host passes), every log record with its structured
    /// properties as attributes and its formatted message, and the app's meter. No ASP.NET Core or HttpClient
    /// instrumentation: the host already records the request, and a worker-side server span would be a second one.
    /// </summary>
    public static IOpenTelemetryBuilder WithDialStatusSignals(this IOpenTelemetryBuilder builder) => builder
        .UseFunctionsWorkerDefaults()
        .WithLogging(configureBuilder: null, configureOptions: logging => logging.IncludeFormattedMessage = true)
        .WithMetrics(metrics => metrics.AddMeter(DialStatusMetrics.MeterName));

    /// <summary>
    /// The exporter's defaults (1.10) sample traces at 5 per second and drop the logs of unsampled traces; a
    /// ratio of 1 with no rate limit keeps every span, and logs are no longer filtered by their trace at all.
    /// </summary>
    public static void ExportEverything(AzureMonitorExporterOptions options)
    {
        options.TracesPerSecond = null;
        options.SamplingRatio = 1.0F;
        options.EnableTraceBasedLogsSampler = false;
    }

    /// <summary>
    /// Application Insights with local authentication disabled accepts only Entra-authenticated telemetry: the
    /// managed identity the authentication string names (or the system-assigned one), as the host does.
    /// </summary>
    public static TokenCredential? CredentialFor(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }
        string? authorization = null;
        string? clientId = null;
        foreach (var pair in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals].Trim();
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..].Trim();
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (key.Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = value;
            }
        }
        if (!string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"{AuthenticationStringSetting} must contain Authorization=AAD (optionally ;ClientId=<client id of a user-assigned identity>).");
        }
        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw Invalid($"The ClientId in {AuthenticationStringSetting} must be the client id (a GUID) of a user-assigned identity.");
        }
        return new ManagedIdentityCredential(clientId is null
            ? ManagedIdentityId.SystemAssigned
            : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    /// <summary>A settings failure, which start-up reports as one line (<see cref="StartupErrors"/>).</summary>
    private static OptionsValidationException Invalid(string message) =>
        new(AuthenticationStringSetting, typeof(AzureMonitorExporterOptions), [message]);
}
