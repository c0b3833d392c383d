using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using DialStatus.Functions.Calls;
using DialStatus.Functions.Diagnostics;
using DialStatus.Functions.Endpoints;
using DialStatus.Functions.Options;
using DialStatus.Functions.Plivo;
using DialStatus.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions;

internal static class DialStatusServiceCollectionExtensions
{
    /// <summary>
    /// Everything the app runs on, wired once for every host: the Functions worker (Program.cs), the
    /// tests and the tools. Settings are validated when the host starts, so a bad one fails fast.
    /// </summary>
    public static IServiceCollection AddDialStatus(this IServiceCollection services, IConfiguration configuration)
    {
        // Settings, read by one rule (Options/SettingsSection) and validated when the host starts, each by the folder
        // whose rules it follows.
        services.AddDialStatusSettings(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DialOptions>, DialSettingsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DialStatusOptions>, TableNameValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageConnectionOptions>, StorageConnectionOptionsValidator>());

        // Telemetry: logs, the invocation span and the DialStatus meter, exported with OpenTelemetry only when
        // APPLICATIONINSIGHTS_CONNECTION_STRING is set.
        services.AddDialStatusTelemetry(configuration);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DialStatusMetrics>();
        services.AddSingleton<PhoneNumberMask>();
        services.AddHostedService<StartupNotices>();

        // Plivo protocol
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<PlivoSignatureValidator>();
        services.AddSingleton<PlivoWebhookReader>();

        // Storage: no I/O here, so the app starts even when storage is unreachable.
        services.TryAddSingleton(provider => CreateTableServiceClient(
            provider.GetRequiredService<IOptions<StorageConnectionOptions>>().Value,
            provider.GetRequiredService<IOptions<DialStatusOptions>>().Value,
            provider.GetRequiredService<IOptions<StoragePipelineOptions>>().Value));
        services.TryAddSingleton<ICallRecordStore, TableCallRecordStore>();

        // Call handling
        services.AddSingleton<DialPlan>();
        services.AddSingleton<AnswerHandler>();
        services.AddSingleton<CallbackRecorder>();
        services.AddSingleton<StoredRecords>();
        services.AddSingleton<HeldRecords>();
        services.AddHostedService(provider => provider.GetRequiredService<HeldRecords>());
        services.AddSingleton<DialActionHandler>();
        services.AddSingleton<DialEventHandler>();
        services.AddSingleton<CallLifecycleHandler>();
        services.AddSingleton<PhloHandler>();
        services.AddSingleton<CallTimelineReader>();
        services.AddSingleton<DailyReport>();
        services.AddSingleton<CallErasure>();
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<WebhookPipeline>();
        return services;
    }

    private static TableServiceClient CreateTableServiceClient(
        StorageConnectionOptions connection, DialStatusOptions dialStatus, StoragePipelineOptions pipeline)
    {
        var clientOptions = new TableClientOptions();
        // A few quick retries inside the callback's storage budget; Plivo's own retries cover longer outages.
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, dialStatus.StorageTimeoutSeconds / 2.0));
        foreach (var policy in pipeline.PerRetryPolicies)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return string.IsNullOrWhiteSpace(connection.TableServiceUri)
            ? new TableServiceClient(connection.ConnectionString, clientOptions)
            : new TableServiceClient(new Uri(connection.TableServiceUri), StorageCredential.From(connection), clientOptions);
    }
}
