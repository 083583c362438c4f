namespace Bridge.Service.Tests.Release;

/// <summary>Files at the top of the repository the tests run from (found by walking up to Bridge.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Bridge.sln not found above " + AppContext.BaseDirectory);
    }
}
