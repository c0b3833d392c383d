using DialStatus.Functions.Storage;
using DialStatus.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DialStatus.Tests.Pages;

/// <summary>
/// The app over real HTTP with <see cref="DashboardScenario"/> played in once for a test class: the pages'
/// tests only read, so they share it. The clock is the app's; storage requests are recorded from the start.
/// </summary>
public sealed class DashboardFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public SettableTimeProvider Clock { get; } = new(DateTimeOffset.UnixEpoch);

    public RequestRecordingPolicy StorageRequests { get; } = new();

    public FunctionHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await FunctionHost.StartAsync(TestApp.DefaultSettings(azurite.ConnectionString), services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            services.Configure<StoragePipelineOptions>(pipeline => pipeline.PerRetryPolicies.Add(StorageRequests));
        });
        await new DashboardScenario(Host, Clock).PlayAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
