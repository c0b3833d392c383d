namespace DialStatus.Bench;

/// <summary>The folder holding DialStatus.sln, found by walking up from the tool and from the working folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DialStatus.sln")))
                {
                    return folder.FullName;
                }
            }
        }
        throw new InvalidOperationException("DialStatus.sln not found above the tool or the working folder.");
    }
}
