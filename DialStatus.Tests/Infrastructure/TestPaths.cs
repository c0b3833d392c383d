using System.Reflection;

namespace DialStatus.Tests.Infrastructure;

/// <summary>Folders the build tells the tests about (see DialStatus.Tests.csproj).</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string FunctionsOutputDirectory { get; } = Metadata("FunctionsOutputDirectory");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");
}
