using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace DialStatus.ColdStart;

/// <summary>One published build of bench/DialStatus.ColdStart.Host: with ReadyToRun or without.</summary>
public sealed record Variant(string Name, bool ReadyToRun, string Folder)
{
    public string EntryPoint => Path.Combine(Folder, "DialStatus.ColdStart.Host.dll");

    /// <summary>
    /// The portable runtime identifier of this machine (linux-x64 on Flex Consumption): ReadyToRun code
    /// compiled for another system or processor would be ignored and JIT-compiled after all.
    /// </summary>
    public static string RuntimeIdentifier
    {
        get
        {
            var system = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return $"{system}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    /// <summary>Publishes the host as the function app would be: Release, framework-dependent, for this machine.</summary>
    public static async Task<Variant> PublishAsync(string repositoryRoot, string name, bool readyToRun, string folder)
    {
        var project = Path.Combine(repositoryRoot, "bench", "DialStatus.ColdStart.Host", "DialStatus.ColdStart.Host.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", project, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "false",
                $"-p:PublishReadyToRun={(readyToRun ? "true" : "false")}", "-o", folder, "--nologo", "-v", "quiet",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish of the {name} variant failed with exit code {process.ExitCode}:{Environment.NewLine}{await output}{await error}");
        }
        var variant = new Variant(name, readyToRun, folder);
        // The switch must have reached our own assembly, or the two variants would time the same thing.
        if (IsPrecompiled(Path.Combine(folder, "DialStatus.Functions.dll")) != readyToRun)
        {
            throw new InvalidOperationException($"The {name} variant's DialStatus.Functions.dll is {(readyToRun ? "not " : "")}ReadyToRun-compiled.");
        }
        return variant;
    }

    /// <summary>The published folder's size: what the package deployed to every new instance would weigh.</summary>
    public long Bytes => Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Sum(file => new FileInfo(file).Length);

    /// <summary>The managed assemblies shipped with the app (the frameworks are not in the folder), and how many carry native code.</summary>
    public (int Assemblies, int Precompiled) CountPrecompiled()
    {
        var managed = Directory.EnumerateFiles(Folder, "*.dll").Select(ManagedKind).Where(kind => kind is not null).ToList();
        return (managed.Count, managed.Count(kind => kind == true));
    }

    private static bool IsPrecompiled(string assembly) => ManagedKind(assembly) == true;

    /// <summary>Null for a native library, else whether the assembly has a ReadyToRun header.</summary>
    private static bool? ManagedKind(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader is { } cor ? cor.ManagedNativeHeaderDirectory.Size > 0 : null;
    }
}
