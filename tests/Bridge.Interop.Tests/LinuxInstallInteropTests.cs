using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 11: installing Bridge as a Linux service. systemd is not PID 1 here, so service/install-linux.sh runs
/// with <c>DESTDIR</c> into a temporary root (as a package build would): the layout and modes are checked,
/// <c>systemd-analyze verify</c> checks the installed unit, and the staged program is started exactly as the unit
/// starts it (its working directory, content root and data directory), with the configuration the installer wrote.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LinuxInstallInteropTests
{
    [Fact]
    public async Task The_installer_stages_program_configuration_data_and_a_unit_that_systemd_accepts_and_that_starts_the_bridge()
    {
        var published = await PublishedBridge.DirectoryAsync();
        var root = Directory.CreateTempSubdirectory("bridge-install-root-").FullName;
        try
        {
            var install = await InstallAsync(published, root);
            Assert.True(install.ExitCode == 0, "install-linux.sh failed:\n" + install.Output);

            string Staged(string path) => Path.Combine(root, path.TrimStart('/'));
            foreach (var file in new[] { "/opt/bridge/bridge.dll", "/opt/bridge/prompts/en/goodbye.wav", "/opt/bridge/prompts/de/goodbye.wav",
                "/opt/bridge/dialplans/default.yaml", "/etc/bridge/appsettings.Production.json", "/etc/bridge/dialplans/default.yaml",
                "/etc/systemd/system/bridge.service" })
            {
                Assert.True(File.Exists(Staged(file)), $"{file} was not installed:\n{install.Output}");
            }

            Assert.True(Directory.Exists(Staged("/var/lib/bridge")), "/var/lib/bridge was not made");
            // Dial plans hold PINs: not readable by other users.
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Staged("/etc/bridge/dialplans/default.yaml")) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
            Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Staged("/etc/bridge/appsettings.Production.json")) & UnixFileMode.OtherRead);

            var unit = await File.ReadAllTextAsync(Staged("/etc/systemd/system/bridge.service"));
            Assert.Matches(@"(?m)^ExecStart=/\S*dotnet /opt/bridge/bridge\.dll run$", unit);
            Assert.Contains("Environment=DOTNET_CONTENTROOT=/etc/bridge", unit, StringComparison.Ordinal);
            Assert.Contains("Environment=MALLOC_ARENA_MAX=2", unit, StringComparison.Ordinal);
            Assert.Contains("User=bridge", unit, StringComparison.Ordinal);
            var verify = await ProcessRunner.RunAsync("systemd-analyze", ["verify", Staged("/etc/systemd/system/bridge.service")], TimeSpan.FromMinutes(1));
            Assert.True(verify.ExitCode == 0 && !verify.Output.Contains("bridge.service", StringComparison.Ordinal),
                $"systemd-analyze verify found problems in the installed unit:\n{verify.Output}");

            // A second install (an upgrade) keeps the admin's configuration.
            await File.AppendAllTextAsync(Staged("/etc/bridge/dialplans/default.yaml"), "# edited by the admin\n");
            var again = await InstallAsync(published, root);
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.EndsWith("# edited by the admin\n", await File.ReadAllTextAsync(Staged("/etc/bridge/dialplans/default.yaml")), StringComparison.Ordinal);

            // Started as the unit starts it: the dial plan comes from the content root's configuration (relative "dialplans").
            var environment = new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["DOTNET_CONTENTROOT"] = Staged("/etc/bridge"),
                ["Bridge__Data"] = Staged("/var/lib/bridge"),
                ["MALLOC_ARENA_MAX"] = "2",
            };
            await using var bridge = await BridgeProcess.StartInstalledAsync(Staged("/opt/bridge"), Staged("/var/lib/bridge"), environment,
                Staged("/var/lib/bridge"), 19660, 49900, 49949);
            var log = bridge.ReadLog();
            Assert.Contains($"from {Staged("/etc/bridge/dialplans")}", log, StringComparison.Ordinal);
            Assert.DoesNotContain("prompt file(s) missing", log, StringComparison.Ordinal);
            Assert.True(Directory.Exists(Staged("/var/lib/bridge/logs")), "the bridge wrote no logs under its data directory");
        }
        finally
        {
            PublishedBridge.TryDelete(root);
        }
    }

    /// <summary>Runs the installer with <c>DESTDIR</c> set (through <c>env</c>, so the test's own environment stays as it is).</summary>
    private static Task<ProcessRunner.Result> InstallAsync(string published, string root) =>
        ProcessRunner.RunAsync("env", ["DESTDIR=" + root, Path.Combine(published, "service", "install-linux.sh")], TimeSpan.FromMinutes(2));
}
