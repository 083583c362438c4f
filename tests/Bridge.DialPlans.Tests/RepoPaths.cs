namespace Bridge.DialPlans.Tests;

internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Bridge.sln not found above the test binaries");
        }
    }

    public static string DialPlans => Path.Combine(Root, "dialplans");
}
