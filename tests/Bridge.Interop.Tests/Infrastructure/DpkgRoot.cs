using System.Globalization;
using System.Text;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A throwaway root directory that dpkg installs into (<c>dpkg --root=DIR --force-script-chrootless</c>): the package's
/// files land under it and its maintainer scripts run on this machine with <c>DPKG_ROOT=DIR</c>, changing only files
/// under it (the bridge user goes into DIR/etc/passwd). Nothing is installed into this machine's own root.
/// The root's dpkg database starts with the entries of the packages the package depends on, copied from this
/// machine's, so dpkg checks the real dependencies against what is really installed here.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DpkgRoot : IDisposable
{
    private DpkgRoot(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>An absolute path inside the package (e.g. <c>/etc/bridge</c>) as a path under this root.</summary>
    public string PathOf(string absolute) => Path.Combine(Directory, absolute.TrimStart('/'));

    public static async Task<DpkgRoot> CreateAsync(string deb)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("bridge-dpkg-root-").FullName;
        // The service user must reach the program and its files under this root (a temporary directory is 0700).
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var root = new DpkgRoot(directory);
        var admin = root.PathOf("/var/lib/dpkg");
        System.IO.Directory.CreateDirectory(Path.Combine(admin, "info"));
        System.IO.Directory.CreateDirectory(Path.Combine(admin, "updates"));
        System.IO.Directory.CreateDirectory(root.PathOf("/etc"));
        await File.WriteAllTextAsync(Path.Combine(admin, "available"), "");

        var status = new StringBuilder();
        foreach (var package in await DependenciesAsync(deb))
        {
            var entry = await ProcessRunner.RunAsync("dpkg-query", ["-s", package], TimeSpan.FromSeconds(30));
            if (entry.ExitCode != 0)
            {
                continue; // an alternative that is not installed here (libssl3t64 on bookworm)
            }

            status.Append(entry.Output.TrimEnd()).Append("\n\n");
            var name = await ProcessRunner.RunAsync("dpkg-query", ["-W", "-f=${binary:Package}", package], TimeSpan.FromSeconds(30));
            await File.WriteAllTextAsync(Path.Combine(admin, "info", name.Output.Trim() + ".list"), "");
        }

        await File.WriteAllTextAsync(Path.Combine(admin, "status"), status.ToString());
        // The accounts of a fresh system: root and the usual system groups, no bridge user yet.
        await File.WriteAllTextAsync(root.PathOf("/etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        await File.WriteAllTextAsync(root.PathOf("/etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        await File.WriteAllTextAsync(root.PathOf("/etc/shadow"), "root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n");
        await File.WriteAllTextAsync(root.PathOf("/etc/gshadow"), "root:*::\nnogroup:*::\n");
        return root;
    }

    /// <summary>Runs dpkg on this root (e.g. <c>-i file.deb</c>, <c>-P bridge</c>).</summary>
    public Task<ProcessRunner.Result> DpkgAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dpkg", [$"--root={Directory}", "--force-script-chrootless", .. arguments], TimeSpan.FromMinutes(3));

    /// <summary>The number of a user (<c>passwd</c>) or group (<c>group</c>) of this root, or null.</summary>
    public int? IdOf(string database, string name)
    {
        foreach (var line in File.ReadAllLines(PathOf("/etc/" + database)))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && fields[0] == name)
            {
                return int.Parse(fields[2], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    public void Dispose() => PublishedBridge.TryDelete(Directory);

    /// <summary>The package names in the Depends field (alternatives included, versions dropped).</summary>
    private static async Task<IReadOnlyList<string>> DependenciesAsync(string deb)
    {
        var field = await DebianPackage.DpkgDebAsync("-f", deb, "Depends");
        return field.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ')[0]).ToList();
    }
}
