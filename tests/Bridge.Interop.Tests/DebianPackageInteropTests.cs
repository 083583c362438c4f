using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 15: the Debian package. service/package-deb.sh builds it from the self-contained publish; its metadata,
/// files, conffiles and maintainer scripts are read back with <c>dpkg-deb</c>; lintian finds no error; dpkg installs it
/// into a throwaway root (<see cref="DpkgRoot"/>: this machine's own / is never touched), where the postinst makes the
/// bridge user, /var/lib/bridge and the enabled unit; systemd-analyze accepts the unit; the unit's command line runs
/// as the bridge user and a baresip call with the PIN joins room 4711 of the packaged dial plan. Then the service is
/// stopped as systemd stops it (BYE to the call), a newer version is installed over it, and the admin's edited dial
/// plan and the PIN-failure state are still there and the new version starts with them. Purging removes the state.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DebianPackageInteropTests
{
    private const int SipPort = 19860;
    private const int PhonePort = 19880;
    private const string Edit = "# edited by the admin before the upgrade\n";

    [SkippableFact]
    public async Task The_package_installs_runs_as_the_bridge_user_takes_a_call_and_upgrades_keeping_config_and_state()
    {
        Skip.If(Environment.UserName != "root", "dpkg --root and running the bridge as its user need root");
        var output = Directory.CreateTempSubdirectory("bridge-debs-").FullName;
        try
        {
            var version = DebianPackage.ProductVersion;
            var deb = await DebianPackage.BuildAsync(version, output);
            await CheckMetadataAndContentsAsync(deb, version);
            await CheckLintianAsync(deb);

            using var root = await DpkgRoot.CreateAsync(deb);
            var install = await root.DpkgAsync("-i", deb);
            Assert.True(install.ExitCode == 0, "dpkg -i failed:\n" + install.Output);
            var uid = root.IdOf("passwd", "bridge");
            var gid = root.IdOf("group", "bridge");
            Assert.True(uid is > 0 and < 1000, $"postinst made no system user bridge: {await File.ReadAllTextAsync(root.PathOf("/etc/passwd"))}");
            Assert.NotNull(gid);
            await CheckInstalledLayoutAsync(root, uid.Value, gid.Value);
            await VerifyUnitAsync(root);

            // Running: the unit's command line as the bridge user; a call joins room 4711 with the demo PIN.
            var console = ConsoleDirectory();
            var bridge = await StartAsUnitAsync(root, uid.Value, gid.Value, console);
            var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
            WavFiles.Write(source, TestTones.Sine(600, 8000, 8000 * 60), 8000);
            await using var phone = await Baresip.StartAsync(PhonePort, 4930, 30400, source, ";audio_codecs=PCMU/8000/1");
            try
            {
                Assert.Contains("Starting Bridge " + version + " (", bridge.ReadLog(), StringComparison.Ordinal);
                Assert.Contains("self-contained", bridge.ReadLog(), StringComparison.Ordinal);
                // The unit's Environment=MALLOC_ARENA_MAX=2 reached the process (glibc reads it at start).
                Assert.Contains("Native heap: at most 2 malloc arenas (MALLOC_ARENA_MAX=2)", bridge.ReadLog(), StringComparison.Ordinal);
                Assert.Contains($"from {root.PathOf("/etc/bridge/dialplans")}", bridge.ReadLog(), StringComparison.Ordinal);
                // By default the SIP Server header names the product only.
                Assert.Matches(@"(?m)^Server: Bridge\r$", await OptionsAnswerAsync());
                await phone.DialAsync($"sip:4711@127.0.0.1:{SipPort}");
                Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "the call was not established:\n" + bridge.ReadLog());
                var callId = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(PhonePort), TimeSpan.FromSeconds(10));
                await bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(15));
                await phone.SendDigitsAsync("246810#");
                await bridge.WaitForLineAsync(TimeSpan.FromSeconds(15), "the call joining room 4711", $"Call {callId} joined room 4711");

                // The PIN state is written within a second of the right PIN (the known source of the room).
                var state = root.PathOf("/var/lib/bridge/pin-failures.json");
                await WaitForFileAsync(state, TimeSpan.FromSeconds(10));
                Assert.Equal((uid.Value, gid.Value), await OwnerAsync(state));
            }
            finally
            {
                // The upgrade's prerm stops the unit: systemd sends SIGTERM, as disposing the process does.
                await bridge.DisposeAsync();
            }

            Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)), "the stop sent no BYE to the call in progress");
            Assert.Equal(0, bridge.ExitCode);

            // The upgrade: a newer version over the running one's files, with the admin's edit in /etc/bridge.
            var dialPlan = root.PathOf("/etc/bridge/dialplans/default.yaml");
            await File.AppendAllTextAsync(dialPlan, Edit);
            var stateBefore = await File.ReadAllTextAsync(root.PathOf("/var/lib/bridge/pin-failures.json"));
            var newer = await DebianPackage.BuildAsync(version + "+upgrade1", output);
            var upgrade = await root.DpkgAsync("-i", newer);
            Assert.True(upgrade.ExitCode == 0, "the upgrade failed:\n" + upgrade.Output);
            Assert.EndsWith(Edit, await File.ReadAllTextAsync(dialPlan), StringComparison.Ordinal);
            Assert.False(File.Exists(dialPlan + ".dpkg-new") || File.Exists(dialPlan + ".dpkg-dist"), "dpkg left a new copy of the dial plan beside the admin's");
            Assert.Equal(stateBefore, await File.ReadAllTextAsync(root.PathOf("/var/lib/bridge/pin-failures.json")));
            var query = await ProcessRunner.RunAsync("dpkg-query", [$"--root={root.Directory}", "-W", "-f=${Version} ${db:Status-Status}", "bridge"], TimeSpan.FromSeconds(30));
            Assert.Equal(version + "+upgrade1 installed", query.Output.Trim());
            Assert.Equal(uid, root.IdOf("passwd", "bridge"));
            await CheckInstalledLayoutAsync(root, uid.Value, gid.Value);

            // The new version starts with the admin's dial plan (the edit is a comment: the plan loads as before).
            // This time the admin has turned the version in the SIP headers on.
            await using (var upgraded = await StartAsUnitAsync(root, uid.Value, gid.Value, ConsoleDirectory(), ("Bridge__Sip__ShowVersion", "true")))
            {
                Assert.Contains("Dial plan: ", upgraded.ReadLog(), StringComparison.Ordinal);
                Assert.DoesNotContain("dial plan error", upgraded.ReadLog(), StringComparison.Ordinal);
                Assert.Matches($@"(?m)^Server: Bridge/{Regex.Escape(version)}\r$", await OptionsAnswerAsync());
            }

            // Purge: conffiles and state go, the user stays (Debian practice).
            var purge = await root.DpkgAsync("-P", "bridge");
            Assert.True(purge.ExitCode == 0, "dpkg -P failed:\n" + purge.Output);
            Assert.False(Directory.Exists(root.PathOf("/var/lib/bridge")), "purge left /var/lib/bridge");
            Assert.False(File.Exists(dialPlan), "purge left the dial plan");
            Assert.False(Directory.Exists(root.PathOf("/usr/lib/bridge")), "purge left the program");
        }
        finally
        {
            PublishedBridge.TryDelete(output);
        }
    }

    private static async Task CheckMetadataAndContentsAsync(string deb, string version)
    {
        var info = await DebianPackage.DpkgDebAsync("-I", deb);
        Assert.Contains("Package: bridge\n", info, StringComparison.Ordinal);
        Assert.Contains($"Version: {version}\n", info, StringComparison.Ordinal);
        Assert.Contains("Architecture: amd64\n", info, StringComparison.Ordinal);
        var depends = await DebianPackage.DpkgDebAsync("-f", deb, "Depends");
        foreach (var package in new[] { "libopus0", "libssl3", "libc6", "libstdc++6", "zlib1g" })
        {
            Assert.Contains(package, depends, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("dotnet", depends, StringComparison.Ordinal); // self-contained: no .NET runtime package
        foreach (var script in new[] { "postinst", "prerm", "postrm" })
        {
            Assert.Matches($@"\*\s+{script}\s+#!/bin/sh", info);
        }

        var conffiles = await DebianPackage.DpkgDebAsync("--info", deb, "conffiles");
        foreach (var file in new[] { "/etc/bridge/appsettings.Production.json", "/etc/bridge/dialplans/default.yaml",
                     "/etc/fail2ban/filter.d/bridge.conf", "/etc/fail2ban/jail.d/bridge.conf" })
        {
            Assert.Contains(file + "\n", conffiles, StringComparison.Ordinal);
        }

        var contents = await DebianPackage.DpkgDebAsync("-c", deb);
        Assert.Matches(@"-rwxr-xr-x root/root .* \./usr/lib/bridge/bridge\n", contents);
        Assert.Matches(@"\./usr/lib/bridge/libcoreclr\.so\n", contents);
        Assert.Matches(@"\./usr/lib/bridge/prompts/en/enter-pin\.wav\n", contents);
        Assert.Matches(@"lrwxrwxrwx root/root .* \./usr/bin/bridge -> \.\./lib/bridge/bridge\n", contents);
        Assert.Matches(@"-rw-r--r-- root/root .* \./lib/systemd/system/bridge\.service\n", contents);
        Assert.Matches(@"-rw-r----- root/root .* \./etc/bridge/dialplans/default\.yaml\n", contents);
        Assert.Matches(@"\./usr/share/doc/bridge/copyright\n", contents);
        Assert.Matches(@"\./usr/share/doc/bridge/THIRD-PARTY-NOTICES\.md\n", contents);
        Assert.DoesNotMatch(@"\./opt/|\./usr/lib/bridge/service/|\./var/lib/bridge", contents);
    }

    private static async Task CheckLintianAsync(string deb)
    {
        var lintian = await ProcessRunner.RunAsync("lintian", ["--fail-on", "error", "--no-tag-display-limit", deb], TimeSpan.FromMinutes(4));
        Assert.False(lintian.TimedOut, "lintian did not finish");
        Assert.True(lintian.ExitCode == 0 && !Regex.IsMatch(lintian.Output, @"(?m)^E: "), "lintian found errors:\n" + lintian.Output);
    }

    private static async Task CheckInstalledLayoutAsync(DpkgRoot root, int uid, int gid)
    {
        Assert.Equal((uid, gid), await OwnerAsync(root.PathOf("/var/lib/bridge")));
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(root.PathOf("/var/lib/bridge")));
        var plan = root.PathOf("/etc/bridge/dialplans/default.yaml");
        Assert.Equal((0, gid), await OwnerAsync(plan));
        Assert.Equal((0, gid), await OwnerAsync(root.PathOf("/etc/bridge")));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(plan) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
        Assert.Equal("../lib/bridge/bridge", new FileInfo(root.PathOf("/usr/bin/bridge")).LinkTarget);
        Assert.Equal("/lib/systemd/system/bridge.service", new FileInfo(root.PathOf("/etc/systemd/system/multi-user.target.wants/bridge.service")).LinkTarget);
        Assert.Matches(@"(?m)^enabled\s*=\s*false$", File.ReadAllText(root.PathOf("/etc/fail2ban/jail.d/bridge.conf")));
    }

    /// <summary>systemd-analyze verify on the installed unit, with the root as its root (plus systemd's own targets).</summary>
    private static async Task VerifyUnitAsync(DpkgRoot root)
    {
        var units = root.PathOf("/lib/systemd/system");
        var added = new List<string>();
        foreach (var target in Directory.EnumerateFiles("/lib/systemd/system").Where(f => f.EndsWith(".target", StringComparison.Ordinal) || f.EndsWith(".slice", StringComparison.Ordinal)))
        {
            var copy = Path.Combine(units, Path.GetFileName(target));
            if (!File.Exists(copy))
            {
                File.Copy(target, copy);
                added.Add(copy);
            }
        }

        try
        {
            // The unit's Documentation= names man:bridge(1): man looks for it in the root.
            var verify = await ProcessRunner.RunAsync("env", [$"MANPATH={root.PathOf("/usr/share/man")}", "systemd-analyze", "verify", $"--root={root.Directory}", "bridge.service"],
                TimeSpan.FromMinutes(1));
            Assert.True(verify.ExitCode == 0 && !verify.Output.Contains("bridge.service", StringComparison.Ordinal),
                $"systemd-analyze verify found problems in the installed unit:\n{verify.Output}");
        }
        finally
        {
            added.ForEach(File.Delete);
        }
    }

    /// <summary>
    /// Starts the installed unit's ExecStart the way systemd would: as User=/Group= (setpriv with the root's bridge
    /// ids), in its WorkingDirectory, with its Environment= lines; absolute paths point into the root.
    /// </summary>
    private static async Task<BridgeProcess> StartAsUnitAsync(DpkgRoot root, int uid, int gid, string console, params (string Name, string Value)[] extra)
    {
        var unit = await File.ReadAllLinesAsync(root.PathOf("/lib/systemd/system/bridge.service"));
        string Value(string key) => unit.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        Assert.Equal("bridge", Value("User"));
        Assert.Equal("bridge", Value("Group"));
        Assert.Equal("/usr/lib/bridge/bridge run", Value("ExecStart"));
        var environment = new Dictionary<string, string> { ["HOME"] = root.PathOf("/var/lib/bridge") };
        foreach (var line in unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
        {
            var pair = line["Environment=".Length..].Split('=', 2);
            environment[pair[0]] = pair[1].StartsWith('/') ? root.PathOf(pair[1]) : pair[1];
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return await BridgeProcess.StartCommandAsync("setpriv",
            [$"--reuid={uid}", $"--regid={gid}", "--clear-groups", "--", root.PathOf("/usr/lib/bridge/bridge")],
            root.PathOf("/usr/lib/bridge"), root.PathOf(Value("WorkingDirectory")), environment, console, SipPort, 50200, 50249);
    }

    /// <summary>Where the console log of a packaged bridge goes: under test.sh's log root (its privacy check reads it).</summary>
    private static string ConsoleDirectory()
    {
        var logs = Environment.GetEnvironmentVariable("BRIDGE_TEST_LOG_ROOT");
        return string.IsNullOrEmpty(logs)
            ? Directory.CreateTempSubdirectory("bridge-deb-console-").FullName
            : Directory.CreateDirectory(Path.Combine(logs, "bridge-deb-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    }

    /// <summary>The bridge's final answer to an OPTIONS request.</summary>
    private static async Task<string> OptionsAnswerAsync()
    {
        using var probe = new SipProbe("127.0.0.1", SipPort);
        var answer = await probe.RequestAsync("OPTIONS", "bridge", TimeSpan.FromSeconds(5));
        Assert.NotNull(answer);
        Assert.StartsWith("SIP/2.0 200", answer, StringComparison.Ordinal);
        return answer;
    }

    /// <summary>The numeric owner and group of a file (stat: .NET has no API for them).</summary>
    private static async Task<(int Uid, int Gid)> OwnerAsync(string path)
    {
        var stat = await ProcessRunner.RunAsync("stat", ["-c", "%u %g", path], TimeSpan.FromSeconds(10));
        Assert.True(stat.ExitCode == 0, stat.Output);
        var parts = stat.Output.Trim().Split(' ');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task WaitForFileAsync(string path, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(clock.Elapsed < limit, $"{path} was not written within {limit.TotalSeconds:F0} s");
            await Task.Delay(100);
        }
    }
}
