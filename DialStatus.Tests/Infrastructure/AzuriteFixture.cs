namespace DialStatus.Tests.Infrastructure;

/// <summary>One in-memory Azurite for the whole test run, on a free loopback port, stopped at the end.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly AzuriteProcess _azurite = new(TestPaths.RepositoryRoot);

    public string ConnectionString => _azurite.ConnectionString;

    public Task InitializeAsync() => _azurite.StartAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
