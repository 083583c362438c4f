using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Runs a sipp scenario from <c>Peers/sipp</c> inside a network namespace, bound to
/// <see cref="NetworkNamespaces.PeerAddress"/> or the address given (<see cref="Sipp"/> binds to 127.0.0.1 in the test's own namespace).</summary>
public static class NamespacedSipp
{
    public static async Task<Sipp.Run> RunAsync(string space, string scenario, string target, string service, TimeSpan timeLimit,
        IReadOnlyDictionary<string, string> replacements, string? bindAddress = null)
    {
        var sipp = PeerTool.Require("sipp");
        var work = Directory.CreateTempSubdirectory("sipp-netns-").FullName;
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Peers, "sipp", scenario));
        foreach (var (key, value) in replacements)
        {
            text = text.Replace(key, value, StringComparison.Ordinal);
        }

        var scenarioPath = Path.Combine(work, scenario);
        await File.WriteAllTextAsync(scenarioPath, text);
        var address = bindAddress ?? NetworkNamespaces.PeerAddress;
        string[] arguments =
        [
            target, "-sf", scenarioPath, "-s", service, "-i", address, "-mi", address,
            "-p", "5062", "-mp", "6000", "-cp", "8888", "-m", "1", "-r", SippRate.Argument(1, 1), "-l", "1",
            "-timeout", ((int)timeLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "-timeout_error", "-nostdin", "-trace_err", "-trace_stat", "-stf", Path.Combine(work, "stat.csv"),
            "-error_file", Path.Combine(work, "errors.log"),
        ];
        // The namespace is the test's own: fixed ports cannot collide with anything else on the machine.
        var result = await NetworkNamespaces.RunInAsync(space, sipp, arguments, timeLimit + TimeSpan.FromSeconds(30), work);
        var errors = Path.Combine(work, "errors.log");
        var errorText = File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "";
        return new Sipp.Run(result.ExitCode, result.Output + "\n--- sipp errors (first 4000 chars) ---\n" + errorText[..Math.Min(errorText.Length, 4000)], work);
    }
}
