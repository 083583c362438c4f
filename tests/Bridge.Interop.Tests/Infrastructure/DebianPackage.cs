using System.Text.RegularExpressions;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The Debian package as service/package-deb.sh builds it (issue 15). The self-contained linux-x64 publish it packs is
/// made once per test run (into a temporary directory, reused by every package the run builds); each package is then
/// built with <c>--fast</c> (gzip instead of xz: the same files and control data, built in seconds).
/// </summary>
public static partial class DebianPackage
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The product version, as Directory.Build.props sets it (and the packages take it).</summary>
    public static string ProductVersion { get; } =
        VersionElement().Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"))) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("Directory.Build.props sets no <Version>");

    /// <summary>Builds <c>bridge_<paramref name="version"/>_amd64.deb</c> into <paramref name="output"/> and returns its path.</summary>
    public static async Task<string> BuildAsync(string version, string output)
    {
        var published = await Published.Value;
        var script = Path.Combine(RepositoryPaths.Root, "service", "package-deb.sh");
        var build = await ProcessRunner.RunAsync(script, ["--published", published, "--version", version, "--output", output, "--fast"], TimeSpan.FromMinutes(5));
        var deb = Path.Combine(output, $"bridge_{version}_amd64.deb");
        Assert.True(build.ExitCode == 0 && File.Exists(deb), $"package-deb.sh failed ({build.ExitCode}):\n{build.Output}");
        return deb;
    }

    /// <summary>Runs <c>dpkg-deb</c> with <paramref name="arguments"/> and returns its output (failing the test on an error).</summary>
    public static async Task<string> DpkgDebAsync(params string[] arguments)
    {
        var run = await ProcessRunner.RunAsync("dpkg-deb", arguments, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"dpkg-deb {string.Join(' ', arguments)} failed:\n{run.Output}");
        return run.Output;
    }

    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("bridge-selfcontained-").FullName;
        var publish = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(RepositoryPaths.Root, "src", "Bridge.Service", "Bridge.Service.csproj"),
             "-c", "Release", "-r", "linux-x64", "--self-contained", "-nologo", "-v", "q", "-o", output],
            TimeSpan.FromMinutes(8), workingDirectory: output);
        if (publish.ExitCode != 0 || !File.Exists(Path.Combine(output, "bridge")))
        {
            throw new InvalidOperationException($"dotnet publish -r linux-x64 --self-contained failed ({publish.ExitCode}):\n{publish.Output}");
        }

        return output;
    }

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
