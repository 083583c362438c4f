using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The bridge as it is installed: <c>dotnet publish src/Bridge.Service</c> into a directory under the system's
/// temporary directory, outside the repository, once per test run (every <see cref="BridgeProcess"/> of the run
/// starts from it). The publish reuses the solution's build (<c>--no-build</c>, the configuration these tests were
/// built in), so it takes seconds.
/// <c>BRIDGE_PUBLISHED_DIR</c> names an already published directory to use instead.
/// </summary>
public static class PublishedBridge
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The published directory (holding <c>bridge.dll</c>, <c>prompts/</c>, <c>dialplans/</c>, <c>service/</c>).</summary>
    public static Task<string> DirectoryAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var given = Environment.GetEnvironmentVariable("BRIDGE_PUBLISHED_DIR");
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(Path.Combine(given, "bridge.dll"))
                ? Path.GetFullPath(given)
                : throw new InvalidOperationException($"BRIDGE_PUBLISHED_DIR={given} holds no bridge.dll");
        }

        // One directory per checkout and configuration, emptied and published again by each run: a run that is
        // killed (the test host does not always get to clean up) leaves nothing that piles up.
        var configuration = typeof(PublishedBridge).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "Configuration").Value!;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryPaths.Root + "|" + configuration)))[..12].ToLowerInvariant();
        var output = Path.Combine(Path.GetTempPath(), $"bridge-published-{key}");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        var publish = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(RepositoryPaths.Root, "src", "Bridge.Service", "Bridge.Service.csproj"),
             "-c", configuration, "--no-build", "--no-restore", "-nologo", "-v", "q", "-o", output],
            TimeSpan.FromMinutes(5), workingDirectory: output);
        if (publish.ExitCode != 0 || !File.Exists(Path.Combine(output, "bridge.dll")))
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{publish.Output}");
        }

        return output;
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
