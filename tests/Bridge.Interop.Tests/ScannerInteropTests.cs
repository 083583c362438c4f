using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #5 against the real scanners of SIPVicious: svmap and svwar get nothing from a bridge with default settings
/// (their User-Agent is dropped and logged for fail2ban), and even with that filter off svwar cannot tell an
/// extension that exists from one that does not, because REGISTER and INVITE to an unknown number get the same answer.
/// </summary>
public sealed class ScannerInteropTests
{
    private const int SipPort = 18060;
    private const string Numbers = "100-200,4700-4720";
    private static readonly string[] Names = ["conf", "echo", "74711", "4711", "4712", "admin"];

    private static async Task<ProcessRunner.Result> SvwarAsync(IEnumerable<string> arguments) =>
        await ProcessRunner.RunAsync(PeerTool.Require("svwar"), arguments, TimeSpan.FromSeconds(120));

    private static string Dictionary()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("svwar-").FullName, "names.txt");
        File.WriteAllLines(path, Names);
        return path;
    }

    [Fact]
    public async Task Svmap_and_svwar_get_no_answer_and_the_scanner_is_logged_for_fail2ban()
    {
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 46000, 46999);

        var map = await ProcessRunner.RunAsync(PeerTool.Require("svmap"), ["127.0.0.1", "-p", $"{SipPort}"], TimeSpan.FromSeconds(60));
        Assert.False(map.TimedOut, map.Output);
        Assert.DoesNotContain($"127.0.0.1:{SipPort}", map.Output, StringComparison.Ordinal);

        var numbers = await SvwarAsync(["-e" + Numbers, "127.0.0.1", "-p", $"{SipPort}"]);
        var names = await SvwarAsync(["-d", Dictionary(), "127.0.0.1", "-p", $"{SipPort}"]);
        foreach (var run in new[] { numbers, names })
        {
            Assert.False(run.TimedOut, run.Output);
            Assert.DoesNotContain("exists", run.Output, StringComparison.Ordinal);

            // svwar probes a random extension first; without an answer it never even starts the scan.
            Assert.DoesNotContain("Ok SIP device found", run.Output, StringComparison.Ordinal);
            Assert.Contains("timed out", run.Output, StringComparison.Ordinal);
        }

        // A phone is still served, and the scanner was logged once per source (rate-limited), in fail2ban's format.
        Assert.True(await bridge.AnswersOptionsAsync(TimeSpan.FromSeconds(2)), "the bridge stopped answering OPTIONS");
        var lines = bridge.ReadLog().Split('\n');
        Assert.Single(lines, l => l.Contains("SECURITY scanner source=127.0.0.1 agent=friendly-scanner", StringComparison.Ordinal));

        // The log file fail2ban reads: its filter (service/fail2ban/bridge.conf) matches the line.
        var fileLines = (await ReadLogFilesAsync(bridge)).Where(l => l.Contains("SECURITY scanner", StringComparison.Ordinal)).ToArray();
        var line = Assert.Single(fileLines);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}.* SECURITY (?:pin-failure|pin-lockout|scanner|flood-ban|room-slow-mode) source=127\.0\.0\.1(?: .*)?$", line.TrimEnd('\r'));
    }

    private static async Task<string[]> ReadLogFilesAsync(BridgeProcess bridge)
    {
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(bridge.DataDirectory, "logs"), "bridge-*.log"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            lines.AddRange((await reader.ReadToEndAsync()).Split('\n'));
        }

        return [.. lines];
    }

    [Fact]
    public async Task With_the_scanner_filter_off_svwar_cannot_tell_extensions_apart()
    {
        // Fast enough for svwar: the rate limit would otherwise ban it half-way and prove nothing.
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 46000, 46999,
            ["--Bridge:Security:DropScanners=false", "--Bridge:Security:RequestsPerSecond=100000", "--Bridge:Security:Burst=100000"]);

        foreach (var method in new[] { "REGISTER", "OPTIONS" })
        {
            var numbers = await SvwarAsync(["-e" + Numbers, "-m", method, "-vv", "127.0.0.1", "-p", $"{SipPort}"]);
            var names = await SvwarAsync(["-d", Dictionary(), "-m", method, "-vv", "127.0.0.1", "-p", $"{SipPort}"]);
            foreach (var run in new[] { numbers, names })
            {
                Assert.False(run.TimedOut, run.Output);
                Assert.Contains("Ok SIP device found", run.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("exists", run.Output, StringComparison.Ordinal);
            }

            if (method == "REGISTER")
            {
                // svwar really got answers (404 for every extension), not silence.
                var notFound = numbers.Output.Split('\n').Count(l => l.Contains("not found", StringComparison.Ordinal));
                Assert.True(notFound >= 120, $"svwar saw only {notFound} 'not found' answers:\n{numbers.Output}");
            }
        }
    }

    [Fact]
    public async Task Register_and_an_invite_to_an_unknown_number_get_the_same_answer()
    {
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 46000, 46999);
        using var probe = new SipProbe("127.0.0.1", SipPort);

        var register = await probe.RequestAsync("REGISTER", "4711", TimeSpan.FromSeconds(5));
        var registerUnknown = await probe.RequestAsync("REGISTER", "999999", TimeSpan.FromSeconds(5));
        var invite = await probe.RequestAsync("INVITE", "999999", TimeSpan.FromSeconds(5));
        Assert.NotNull(register);
        Assert.NotNull(registerUnknown);
        Assert.NotNull(invite);

        var first = FirstLine(invite!);
        Assert.Equal("SIP/2.0 404 Not Found", first);
        Assert.Equal(first, FirstLine(register!));
        Assert.Equal(first, FirstLine(registerUnknown!));
        Assert.Equal(Shape(invite!), Shape(register!));
        Assert.Equal(Shape(invite!), Shape(registerUnknown!));
    }

    private static string FirstLine(string response) => response[..response.IndexOf("\r\n", StringComparison.Ordinal)];

    /// <summary>Header names and values, without those that belong to the transaction (Via, From, To, Call-ID, CSeq).</summary>
    private static string Shape(string response)
    {
        string[] own = ["via", "from", "to", "call-id", "cseq", "v", "f", "t", "i"];
        var lines = response.Split("\r\n").Skip(1).TakeWhile(l => l.Length > 0)
            .Where(l => !own.Contains(l[..l.IndexOf(':', StringComparison.Ordinal)].Trim().ToLowerInvariant()));
        return string.Join("\n", lines.Order(StringComparer.Ordinal));
    }
}
