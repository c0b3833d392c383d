using DialStatus.Functions.Calls;
using NetArchTest.Rules;

namespace DialStatus.Tests.Architecture;

/// <summary>
/// The folders of the app depend one way (DEVELOPERS.md, "The seams"): each may use the folders below it in this list
/// and the root's shared vocabulary (<c>Outcome</c>, <c>Result</c>), never one above it, so no folder cycle can form.
/// The root's <c>AddDialStatus</c> wires them all. What it reads is the compiled code's type references: a constant
/// another folder defines is copied in by the compiler and leaves none, so a constant's home is kept by review.
/// </summary>
public sealed class FolderDependencyTests
{
    private const string App = "DialStatus.Functions";

    /// <summary>Bottom first: Options knows no other folder; Endpoints may use every one.</summary>
    private static readonly string[] Layers = ["Options", "Plivo", "Diagnostics", "Storage", "Calls", "Pages", "Endpoints"];

    /// <summary>Every folder with a folder above it (Endpoints, the top, may use them all).</summary>
    public static TheoryData<string> Folders() => [.. Layers[..^1]];

    [Theory]
    [MemberData(nameof(Folders))]
    public void A_folder_uses_no_folder_above_it(string folder)
    {
        var above = Layers.SkipWhile(layer => layer != folder).Skip(1).Select(layer => $"{App}.{layer}").ToArray();

        var result = Types.InAssembly(typeof(DialPlan).Assembly)
            .That().ResideInNamespace($"{App}.{folder}")
            .ShouldNot().HaveDependencyOnAny(above)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"{folder}/ uses a folder above it ({string.Join(", ", above)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }
}
