using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// Runs a sipp scenario from <c>Peers/sipp</c> on ports the caller chooses (the issue #4 tests own
/// 17150–17199 for SIP and 26400–27999 for media) with extra arguments such as <c>-inf</c> (an
/// injection file) or <c>-cid_str</c> (Call-IDs a test can find in the bridge's log). sipp binds
/// <c>sipPort</c> + 1 too (its control socket) and <c>mediaPort</c> + 1 and + 2 (RTCP, video):
/// kernel-chosen ports come from <see cref="FreePorts.UdpBlock"/> (2 and 4), never from two single <see cref="FreePorts.Udp"/>.
/// </summary>
public static class SippRunner
{
    public static async Task<Sipp.Run> RunAsync(
        string scenario, string target, string service, int sipPort, int mediaPort,
        int calls, int rate, int limit, TimeSpan timeLimit,
        IReadOnlyDictionary<string, string> replacements, IEnumerable<string> extraArguments)
    {
        var sipp = PeerTool.Require("sipp");
        var work = Directory.CreateTempSubdirectory("sipp-").FullName;
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Peers, "sipp", scenario));
        foreach (var (key, value) in replacements)
        {
            text = text.Replace(key, value, StringComparison.Ordinal);
        }

        var scenarioPath = Path.Combine(work, scenario);
        await File.WriteAllTextAsync(scenarioPath, text);
        var arguments = new List<string>
        {
            target, "-sf", scenarioPath, "-s", service,
            "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", sipPort.ToString(CultureInfo.InvariantCulture),
            "-mp", mediaPort.ToString(CultureInfo.InvariantCulture),
            "-cp", (sipPort + 1).ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-r", SippRate.Argument(calls, rate),
            "-l", limit.ToString(CultureInfo.InvariantCulture),
            "-timeout", ((int)timeLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "-timeout_error", "-nostdin", "-trace_err", "-trace_stat", "-stf", Path.Combine(work, "stat.csv"),
            "-error_file", Path.Combine(work, "errors.log"),
        };
        arguments.AddRange(extraArguments);
        var result = await ProcessRunner.RunAsync(sipp, arguments, timeLimit + TimeSpan.FromSeconds(30), work);
        var errors = Path.Combine(work, "errors.log");
        var errorText = File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "";
        var output = result.Output + "\n--- sipp errors (first 4000 chars) ---\n" + errorText[..Math.Min(errorText.Length, 4000)];
        return new Sipp.Run(result.ExitCode, output, work);
    }
}
