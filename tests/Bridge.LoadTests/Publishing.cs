using System.Diagnostics;

namespace Bridge.LoadTests;

/// <summary>Publishes src/Bridge.Service (Release) into the work directory, as an admin installs it.</summary>
internal static class Publishing
{
    public static async Task<string> PublishAsync(string work)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Bridge.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run the harness from the repository (Bridge.sln not found)");
        }

        var output = Path.Combine(work, "published");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in new[] { "publish", Path.Combine(root, "src", "Bridge.Service", "Bridge.Service.csproj"), "-c", "Release", "-nologo", "-v", "q", "-o", output })
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(info)!;
        await publish.WaitForExitAsync();
        return publish.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode})");
    }
}
