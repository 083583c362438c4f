using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.Conferencing.Prompts;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 11, deployment away from the repository. Started from its build output in another directory, the bridge
/// found none of its prompts, the IVR threw, and a caller who typed three wrong PINs was never hung up. Here the
/// bridge is published to a temporary directory and started from a third one (<see cref="BridgeProcess"/>): it must
/// find its prompts and the demo dial plan beside the program; and without any prompts at all, the call flow must
/// stay the same, with silence where the prompts would have played.
/// </summary>
public sealed partial class DeploymentInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 19560;

    [Fact]
    public async Task Published_bridge_run_from_a_third_directory_plays_goodbye_and_sends_BYE_after_three_wrong_PINs()
    {
        var published = await PublishedBridge.DirectoryAsync();
        AssertPublishedLayout(published);

        // No --Bridge:DialPlans: the demo dial plan (room 4711) and the prompts must come from the published directory.
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 49800, 49899);
        Assert.False(IsUnder(bridge.WorkingDirectory, RepositoryPaths.Root) || IsUnder(bridge.WorkingDirectory, published),
            $"the bridge's working directory {bridge.WorkingDirectory} is inside the repository or the published directory");
        var startLog = bridge.ReadLog();
        Assert.Contains($"from {Path.Combine(published, "dialplans")}", startLog, StringComparison.Ordinal);
        Assert.DoesNotContain("prompt file(s) missing", startLog, StringComparison.Ordinal);

        var call = await CallWithThreeWrongPinsAsync(bridge);

        var promptSeconds = WavSeconds(published, "wrong-pin.wav") + WavSeconds(published, "goodbye.wav");
        output.WriteLine($"third wrong PIN to hang-up {call.HangupAfterThirdFailure:F2} s; 'wrong PIN' + 'goodbye' last {promptSeconds:F2} s");
        Assert.True(call.HangupAfterThirdFailure >= promptSeconds - 0.25,
            $"the bridge hung up {call.HangupAfterThirdFailure:F2} s after the third wrong PIN, before 'wrong PIN' + 'goodbye' ({promptSeconds:F2} s) had played");

        // The goodbye prompt is the last thing the caller heard (windows count from the recording's end).
        var goodbyePath = Path.Combine(published, "prompts", "en", "goodbye.wav");
        var goodbye = PromptMatch.BestCorrelation(call.Heard, call.Rate, call.Seconds - 3, call.Seconds, goodbyePath);
        output.WriteLine($"recording {call.Seconds:F1} s; goodbye prompt correlation in the last 3 s {goodbye:F2}");
        Assert.True(goodbye > 0.8, $"the goodbye prompt was not heard at the end of the call (best correlation {goodbye:F2}; recording {call.Seconds:F1} s)");

        // The runtime's collector threads were found by their names (GcThreadShare): raised, or refused with the reason.
        Assert.Matches(@"Garbage collector: (\d+ of \d+ threads raised to nice -?\d+|could not raise its \d+ threads)", bridge.ReadLog());

        // The call path was made ready in the background at start (CallPathWarmUp): both paths compiled, the DTLS certificate
        // made, so that the first INVITE is not answered ~200 ms late.
        var warmUp = await WaitForLogAsync(bridge, log => WarmUpLine().Match(log) is { Success: true } m ? m.Value : null, "the call path's warm-up");
        var ready = WarmUpLine().Match(warmUp);
        output.WriteLine(warmUp);
        Assert.True(int.Parse(ready.Groups["media"].Value, CultureInfo.InvariantCulture) > 1000, warmUp);
        Assert.True(int.Parse(ready.Groups["signalling"].Value, CultureInfo.InvariantCulture) > 1000, warmUp);

        // The published runtimeconfig gives a heap per core and a 1 MiB gen0 budget (Bridge.Service.csproj): a join storm's
        // collections each stay shorter than a tick. With the runtime's dynamic adaptation, one heap's 60-90 ms pauses came back.
        Assert.Contains(
            $"Garbage collector: server, {Environment.ProcessorCount} heaps, dynamic adaptation off, gen0 budget at most 1 MiB per heap, background collections",
            bridge.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_prompts_a_caller_with_three_wrong_PINs_hears_silence_as_long_as_the_prompts_and_gets_BYE()
    {
        var noPrompts = Directory.CreateTempSubdirectory("no-prompts-").FullName;
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 49800, 49899, [$"--Bridge:Prompts={noPrompts}"]);
        Assert.Contains("prompt file(s) missing", bridge.ReadLog(), StringComparison.Ordinal);

        var call = await CallWithThreeWrongPinsAsync(bridge);

        // "wrong PIN" and "goodbye" exist in no language here: each is replaced by the default length of silence.
        var silence = 2 * Bridge.Calls.Media.PromptLibrary.DefaultLength.TotalSeconds;
        output.WriteLine($"third wrong PIN to hang-up {call.HangupAfterThirdFailure:F2} s; two prompts of silence last {silence:F2} s");
        Assert.True(call.HangupAfterThirdFailure >= silence - 0.25,
            $"the bridge hung up {call.HangupAfterThirdFailure:F2} s after the third wrong PIN, before two prompts' worth of silence ({silence:F2} s)");
        var log = bridge.ReadLog();
        Assert.Equal(1, Regex.Count(log, "Prompt en/goodbye.wav cannot be played"));
        Assert.Equal(1, Regex.Count(log, "Prompt en/wrong-pin.wav cannot be played"));
        Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
    }

    /// <summary>A baresip caller dials 74711 and types three wrong PINs, each after the bridge logged the previous
    /// failure; it never hangs up itself. Returns what it heard and when the bridge hung up, by the bridge's log clock.</summary>
    private async Task<WrongPinCall> CallWithThreeWrongPinsAsync(BridgeProcess bridge)
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "caller440.wav");
        WavFiles.Write(source, TestTones.Sine(440, 8000, 8000 * 90, amplitude: 8000), 8000);
        await using var phone = await Baresip.StartAsync(19580, 4960, 29900, source, ";audio_codecs=PCMU/8000/1");
        await phone.DialAsync($"sip:74711@127.0.0.1:{SipPort}");
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established: " + string.Join('\n', phone.Events));
        var callId = await WaitForLogAsync(bridge, log => CallStart().Match(log) is { Success: true } m ? m.Groups["id"].Value : null, "the call's start");

        foreach (var (pin, attempt) in new[] { ("111111#", 1), ("222222#", 2), ("333333#", 3) })
        {
            await phone.SendDigitsAsync(pin);
            await WaitForLogAsync(bridge, log => Failures(log).Length >= attempt ? "" : null, $"wrong PIN {attempt} to be refused");
        }

        // The bridge hangs up: we never do.
        Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(20)),
            $"the bridge did not end the call after three wrong PINs:\n{string.Join('\n', phone.Events)}\n{bridge.ReadLog()}");
        var ended = await WaitForLogAsync(bridge, log => log.Split('\n').FirstOrDefault(l => l.Contains($"Call {callId} ended", StringComparison.Ordinal)), "the call's end");
        var log = bridge.ReadLog();
        Assert.Contains($"Call {callId} ended: hung up by bridge", log, StringComparison.Ordinal);
        Assert.Equal(3, Failures(log).Length);
        Assert.DoesNotContain("111111", log, StringComparison.Ordinal); // wrong PINs are never logged

        // baresip closes its recording after the call has closed.
        var recording = await WaitForAsync(() => phone.ReceivedRecording() is { } path && new FileInfo(path).Length > 44 ? path : null, TimeSpan.FromSeconds(5));
        Assert.True(recording is not null, "baresip recorded nothing");
        var (pcm, rate) = WavFiles.Read(recording!);
        return new WrongPinCall(pcm, rate, LogClock.Between(Failures(log)[^1], ended).TotalSeconds);
    }

    private static void AssertPublishedLayout(string published)
    {
        Assert.False(IsUnder(published, RepositoryPaths.Root), $"{published} is inside the repository");
        foreach (var language in PromptCatalog.Languages)
        {
            var missing = PromptCatalog.All(language).Where(p => !File.Exists(Path.Combine(published, "prompts", p.RelativePath))).ToArray();
            Assert.True(missing.Length == 0, $"the published output lacks {missing.Length} prompts, e.g. {string.Join(", ", missing.Take(3).Select(p => p.RelativePath))}");
        }

        foreach (var file in new[] { "bridge.dll", "appsettings.json", "dialplans/default.yaml", "dialplans/README.md", "service/bridge.service", "service/install-linux.sh", "service/install-windows-service.ps1" })
        {
            Assert.True(File.Exists(Path.Combine(published, file)), $"the published output lacks {file}");
        }
    }

    private static string[] Failures(string log) =>
        log.Split('\n').Where(l => l.Contains("SECURITY pin-failure", StringComparison.Ordinal) && l.Contains("user=***", StringComparison.Ordinal)).ToArray();

    private static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static double WavSeconds(string published, string prompt)
    {
        var (pcm, rate) = WavFiles.Read(Path.Combine(published, "prompts", "en", prompt));
        return pcm.Length / (double)rate;
    }

    private static async Task<string> WaitForLogAsync(BridgeProcess bridge, Func<string, string?> find, string what)
    {
        var found = await WaitForAsync(() => find(bridge.ReadLog()), TimeSpan.FromSeconds(15));
        Assert.True(found is not null, $"waited in vain for {what} in the bridge log:\n{bridge.ReadLog()}");
        return found!;
    }

    private static async Task<string?> WaitForAsync(Func<string?> probe, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                return null;
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"Call (?<id>\S+) from \*\*\*\S{3} starts")]
    private static partial Regex CallStart();

    private sealed record WrongPinCall(short[] Heard, int Rate, double HangupAfterThirdFailure)
    {
        public double Seconds => Heard.Length / (double)Rate;
    }

    [GeneratedRegex(@"Call path ready ahead of the first call: media path (?<media>\d+) methods compiled in \d+ ms, DTLS certificate made in \d+ ms, signalling path (?<signalling>\d+) methods compiled in \d+ ms")]
    private static partial Regex WarmUpLine();
}
