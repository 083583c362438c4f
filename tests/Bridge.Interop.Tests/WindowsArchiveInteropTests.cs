using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 15: the Windows archive. service/package-windows.sh packs a self-contained win-x64 publish into
/// bridge-&lt;version&gt;-win-x64.zip; the listing must hold the program with its runtime, the service install script,
/// the default configuration (appsettings.json and the demo dial plan), the prompts and the licence files under one
/// folder, and none of the Linux service files. (The install script itself needs Windows: it is not run here.)
/// </summary>
public sealed class WindowsArchiveInteropTests
{
    [Fact]
    public async Task The_archive_holds_the_self_contained_program_the_install_script_and_the_default_configuration()
    {
        var work = Directory.CreateTempSubdirectory("bridge-win-").FullName;
        try
        {
            var version = DebianPackage.ProductVersion;
            var published = Path.Combine(work, "publish");
            var publish = await ProcessRunner.RunAsync("dotnet",
                ["publish", Path.Combine(RepositoryPaths.Root, "src", "Bridge.Service", "Bridge.Service.csproj"),
                 "-c", "Release", "-r", "win-x64", "--self-contained", "-nologo", "-v", "q", "-o", published], TimeSpan.FromMinutes(8), workingDirectory: work);
            Assert.True(publish.ExitCode == 0, "dotnet publish -r win-x64 failed:\n" + publish.Output);

            var build = await ProcessRunner.RunAsync(Path.Combine(RepositoryPaths.Root, "service", "package-windows.sh"),
                ["--published", published, "--output", work], TimeSpan.FromMinutes(5));
            var zip = Path.Combine(work, $"bridge-{version}-win-x64.zip");
            Assert.True(build.ExitCode == 0 && File.Exists(zip), "package-windows.sh failed:\n" + build.Output);

            var listing = await ProcessRunner.RunAsync("unzip", ["-Z1", zip], TimeSpan.FromMinutes(1));
            Assert.Equal(0, listing.ExitCode);
            var entries = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var folder = $"bridge-{version}-win-x64/";
            Assert.All(entries, e => Assert.StartsWith(folder, e, StringComparison.Ordinal));
            foreach (var file in new[] { "bridge.exe", "bridge.dll", "coreclr.dll", "appsettings.json", "dialplans/default.yaml",
                         "prompts/en/enter-pin.wav", "prompts/de/enter-pin.wav", "service/install-windows-service.ps1",
                         "LICENSE", "THIRD-PARTY-NOTICES.md", "CHANGELOG.md", "SECURITY.md", "README.md" })
            {
                Assert.Contains(folder + file, entries);
            }

            foreach (var file in new[] { "service/install-linux.sh", "service/bridge.service", "service/fail2ban/bridge.conf",
                         "service/appsettings.Production.sample.json", "service/package-deb.sh", "libcoreclr.so" })
            {
                Assert.DoesNotContain(folder + file, entries);
            }
        }
        finally
        {
            PublishedBridge.TryDelete(work);
        }
    }
}
