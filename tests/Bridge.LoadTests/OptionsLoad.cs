using System.Diagnostics;
using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// The SIP cost anchor: sipp sends OPTIONS at a fixed rate (no retransmissions, so each request counts once) to a server,
/// and the server's CPU over the run is taken from /proc. Kamailio answers them statelessly (<c>sl_send_reply</c>).
/// </summary>
internal static class OptionsLoad
{
    private const string Scenario = """
        <?xml version="1.0" encoding="UTF-8" ?>
        <scenario name="OPTIONS load">
          <send>
            <![CDATA[
              OPTIONS sip:load@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:sipp@[local_ip]:[local_port]>;tag=[pid]Load[call_number]
              To: <sip:load@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 OPTIONS
              Max-Forwards: 70
              Content-Length: 0
            ]]>
          </send>
          <recv response="200" timeout="5000" />
        </scenario>
        """;

    public sealed record Result(ProcessStats Before, ProcessStats After, TimeSpan Wall, long Answered, long Sent);

    /// <summary>Runs sipp at <paramref name="rate"/> requests a second for <paramref name="seconds"/> against 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<Result> RunAsync(string work, int pid, int port, int rate, int seconds)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, $"sipp-options-{port}")).FullName;
        var scenario = Path.Combine(folder, "options.xml");
        await File.WriteAllTextAsync(scenario, Scenario);
        var total = rate * seconds;
        var statistics = Path.Combine(folder, "stat.csv");
        string[] arguments =
        [
            $"127.0.0.1:{port}", "-sf", scenario, "-i", "127.0.0.1", "-p", FreePorts.Udp().ToString(CultureInfo.InvariantCulture), "-cp", FreePorts.Udp().ToString(CultureInfo.InvariantCulture), "-nr", "-nostdin",
            "-r", rate.ToString(CultureInfo.InvariantCulture), "-rp", "1000", "-l", (rate * 10).ToString(CultureInfo.InvariantCulture),
            "-m", total.ToString(CultureInfo.InvariantCulture), "-timeout", $"{seconds + 30}s",
            "-trace_stat", "-stf", statistics, "-fd", "1",
        ];
        var before = ProcessStats.Read(pid);
        var clock = Stopwatch.StartNew();
        await using (var sipp = new ServerProcess("sipp", arguments, folder, Path.Combine(folder, "sipp.log")))
        {
            using var process = Process.GetProcessById(sipp.Id);
            await process.WaitForExitAsync();
        }

        var wall = clock.Elapsed;
        var after = ProcessStats.Read(pid);
        return new Result(before, after, wall, Statistic(statistics, "SuccessfulCall(C)"), total);
    }

    private static long Statistic(string csv, string column)
    {
        if (!File.Exists(csv))
        {
            return -1;
        }

        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        int index = Array.IndexOf(header, column);
        return index >= 0 && long.TryParse(last[index], CultureInfo.InvariantCulture, out var value) ? value : -1;
    }
}
