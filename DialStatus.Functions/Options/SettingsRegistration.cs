using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DialStatus.Functions.Options;

internal static class SettingsRegistration
{
    /// <summary>
    /// Every settings class, read with <see cref="SettingsSection"/>'s one rule and validated at start-up; the validators
    /// of Options/ are added here, the others where their rules live (<c>AddDialStatus</c>).
    /// </summary>
    public static IServiceCollection AddDialStatusSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DialStatusOptions>()
            .Configure(options => DialStatusOptions.ReadFrom(new SettingsSection(configuration, DialStatusOptions.Section), options))
            .ValidateOnStart();
        services.AddOptions<DialOptions>()
            .Configure(options => DialOptions.ReadFrom(new SettingsSection(configuration, DialOptions.Section), options))
            .ValidateOnStart();
        services.AddOptions<PlivoOptions>()
            .Configure(options => PlivoOptions.ReadFrom(
                new SettingsSection(configuration, PlivoOptions.Section), configuration[PlivoOptions.AuthTokenEnvironmentVariable], options))
            .ValidateOnStart();
        services.AddOptions<StorageConnectionOptions>()
            .Configure(options => StorageConnectionOptions.ReadFrom(
                new SettingsSection(configuration, StorageConnectionOptions.Section), configuration[StorageConnectionOptions.Section], options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DialStatusOptions>, DialStatusOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlivoOptions>, PlivoOptionsValidator>());
        return services;
    }
}
