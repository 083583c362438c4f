using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Runs sipp scenarios from <c>Peers/sipp</c> against a target, each run with its own ports.</summary>
public static class Sipp
{
    public sealed record Run(int ExitCode, string Output, string WorkDirectory)
    {
        public long Statistic(string column) => LastStatistic(Path.Combine(WorkDirectory, "stat.csv"), column) ?? -1;

        public long Successful => Statistic("SuccessfulCall(C)");

        public long Failed => Statistic("FailedCall(C)");

        public long Unexpected => Statistic("FailedUnexpectedMessage(C)");
    }

    public static async Task<Run> RunAsync(
        string scenario, string target, string service, int calls, int rate, int limit, TimeSpan timeLimit,
        IReadOnlyDictionary<string, string>? replacements = null)
    {
        var sipp = PeerTool.Require("sipp");
        var work = Directory.CreateTempSubdirectory("sipp-").FullName;
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Peers, "sipp", scenario));
        foreach (var (key, value) in replacements ?? new Dictionary<string, string>())
        {
            text = text.Replace(key, value, StringComparison.Ordinal);
        }

        var scenarioPath = Path.Combine(work, scenario);
        await File.WriteAllTextAsync(scenarioPath, text);
        // Free ports from the kernel, so that test runs side by side never collide.
        var sipPort = FreePorts.Udp();
        var arguments = new List<string>
        {
            target, "-sf", scenarioPath, "-s", service,
            "-i", "127.0.0.1", "-mi", "127.0.0.1",
            "-p", sipPort.ToString(CultureInfo.InvariantCulture),
            "-mp", FreePorts.UdpBlock(4).ToString(CultureInfo.InvariantCulture),
            "-cp", FreePorts.Udp().ToString(CultureInfo.InvariantCulture),
            "-m", calls.ToString(CultureInfo.InvariantCulture),
            "-r", SippRate.Argument(calls, rate),
            "-l", limit.ToString(CultureInfo.InvariantCulture),
            "-timeout", ((int)timeLimit.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "-timeout_error", "-nostdin", "-trace_err", "-trace_stat", "-stf", Path.Combine(work, "stat.csv"),
            "-error_file", Path.Combine(work, "errors.log"),
        };
        var result = await ProcessRunner.RunAsync(sipp, arguments, timeLimit + TimeSpan.FromSeconds(30), work);
        var errors = Path.Combine(work, "errors.log");
        var errorText = File.Exists(errors) ? await File.ReadAllTextAsync(errors) : "";
        var output = result.Output + "\n--- sipp errors (first 4000 chars) ---\n" + errorText[..Math.Min(errorText.Length, 4000)];
        return new Run(result.ExitCode, output, work);
    }

    /// <summary>The value of a column in the last line of sipp's statistics file (e.g. FailedCall(C)).</summary>
    private static long? LastStatistic(string statisticsCsv, string column)
    {
        if (!File.Exists(statisticsCsv))
        {
            return null;
        }

        var lines = File.ReadAllLines(statisticsCsv);
        if (lines.Length < 2)
        {
            return null;
        }

        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        var index = Array.IndexOf(header, column);
        return index >= 0 && index < last.Length && long.TryParse(last[index], CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
