using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #5: one source floods the bridge with INVITEs over UDP as fast as this machine can send them while two real
/// phones talk in room 4711. The conference keeps intact audio, the mixer never overruns, the flooder is banned
/// (one log line), and another source's OPTIONS are still answered during and after the flood.
/// </summary>
public sealed partial class FloodInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 18060;
    private const string Flooder = "127.0.0.3";
    private const string Bystander = "127.0.0.2";
    private const int MaxDatagrams = 60_000;
    private static readonly TimeSpan FloodLength = TimeSpan.FromSeconds(10);

    /// <summary>The mixer report period: the test waits for one report before the flood and one after it, so a short
    /// period is a short wait (it was 5 s: up to 10 s of waiting).</summary>
    private const int MixerReportSeconds = 2;

    private sealed record Caller(Baresip Phone, double Tone);

    private sealed record FloodResult(int Sent, TimeSpan Elapsed)
    {
        public double Rate => Sent / Elapsed.TotalSeconds;
    }

    [SkippableFact]
    public async Task A_conference_keeps_its_audio_and_the_service_answers_others_while_one_source_floods_invites()
    {
        var loadBefore = ProcessCpu.LoadAverage(); // before this test's phones and flood: the machine's load from elsewhere
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 46000, 47999, [$"--Bridge:Metrics:MixerReportSeconds={MixerReportSeconds}"]);
        double[] tones = [440, 1000];
        var callers = new List<Caller>();
        var floodStartedAt = DateTime.MinValue;
        var floodEndedAt = DateTime.MinValue;
        try
        {
            // As deployed (service/bridge.service): the flooder in this test process competes for the same two cores.
            output.WriteLine(await ProcessCpu.RaisePriorityAsync(ProcessCpu.FindByCommandLine(bridge.DataDirectory), ProcessCpu.ServiceNice()));
            for (var i = 0; i < tones.Length; i++)
            {
                var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, $"tone{tones[i]}.wav");
                WavFiles.Write(source, TestTones.Sine(tones[i], 8000, 8000 * 90, amplitude: 8000), 8000);
                var sipPort = 18100 + i * 2;
                var phone = await Baresip.StartAsync(sipPort, 4700 + i, 28000 + i * 100, source, ";audio_codecs=PCMU/8000/1");
                callers.Add(new Caller(phone, tones[i]));
                await phone.DialAsync($"sip:74711@127.0.0.1:{SipPort}");
                Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established");
                var callId = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(sipPort), TimeSpan.FromSeconds(10));
                await bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(10));
                await phone.SendDigitsAsync("246810#");
                await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), $"phone {tones[i]} Hz joining room 4711", $"Call {callId} joined room 4711 as Participant");
            }

            // The overrun count before the flood comes from a mixer report of the conference under way.
            await WaitForMixerReportAsync(bridge, DateTime.Now, "a mixer report of the two-phone conference before the flood");

            // The flood, with a bystander's OPTIONS (retransmitted like RFC 3261 Timer E) once a second meanwhile.
            var clock = Stopwatch.StartNew();
            floodStartedAt = DateTime.Now;
            var flood = Task.Factory.StartNew(Flood, TaskCreationOptions.LongRunning);
            var answered = new List<bool>();
            using (var probe = new SipProbe(Bystander, SipPort))
            {
                while (!flood.IsCompleted)
                {
                    var tick = Stopwatch.StartNew();
                    answered.Add(await probe.RequestAsync("OPTIONS", "bridge", TimeSpan.FromSeconds(4)) is { } text && text.StartsWith("SIP/2.0 200", StringComparison.Ordinal));
                    // Pacing (one OPTIONS a second), not a wait for an event.
                    await Task.Delay(TimeSpan.FromSeconds(1) - tick.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
                }

                var result = await flood;
                var floodEnd = clock.Elapsed;
                floodEndedAt = DateTime.Now;
                output.WriteLine($"flood: {result.Sent} INVITEs in {result.Elapsed.TotalSeconds:F1} s = {result.Rate:F0}/s from {Flooder}; OPTIONS from {Bystander}: {answered.Count(a => a)}/{answered.Count} answered");
                // The flooder's own send rate does not depend on the bridge (UDP sends do not wait for the receiver): below
                // 5000/s this machine could not make a flood, and the test cannot judge the bridge under one.
                Skip.If(result.Rate < 5000, $"not judged: the machine is too loaded to flood; the flooder reached only {result.Rate:F0} datagrams/s ({result.Sent} in {result.Elapsed.TotalSeconds:F1} s)");
                Assert.True(answered.Count >= 5 && answered.All(a => a), $"OPTIONS from {Bystander} during the flood: {string.Join(",", answered)}");
                Assert.True(await probe.RequestAsync("OPTIONS", "bridge", TimeSpan.FromSeconds(4)) is { } afterFlood && afterFlood.StartsWith("SIP/2.0 200", StringComparison.Ordinal), "no OPTIONS answer after the flood");

                // The conference goes on until a mixer report covers the flood's end, then hang up: the recordings end at hang-up.
                await WaitForMixerReportAsync(bridge, floodEndedAt, "a mixer report after the flood");
                var hangupAt = clock.Elapsed;
                foreach (var caller in callers)
                {
                    await caller.Phone.HangupAsync();
                }

                foreach (var caller in callers)
                {
                    Assert.True(await caller.Phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)), "phone did not close its call");
                }

                // Both phones hear the other's tone, second by second through the flood, and not their own.
                foreach (var caller in callers)
                {
                    var (pcm, rate) = WavFiles.Read(await caller.Phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
                    var end = pcm.Length / (double)rate;
                    var floodStartInRecording = end - hangupAt.TotalSeconds;
                    var floodEndInRecording = end - (hangupAt - floodEnd).TotalSeconds;
                    var other = tones.Single(t => t != caller.Tone);
                    Assert.True(floodStartInRecording > 1, $"the recording of {caller.Tone} Hz ({end:F1} s) does not reach back to the flood's start");
                    for (var second = floodStartInRecording; second + 1 <= floodEndInRecording; second += 1)
                    {
                        var level = ToneAnalysis.Level(pcm, rate, second, second + 1, other);
                        var own = ToneAnalysis.Level(pcm, rate, second, second + 1, caller.Tone);
                        Assert.True(level > -35, $"phone {caller.Tone} Hz lost {other} Hz at {second - floodStartInRecording:F0} s into the flood: {level:F1} dBFS");
                        Assert.True(level - own >= 20, $"phone {caller.Tone} Hz hears itself {second - floodStartInRecording:F0} s into the flood: own {own:F1} dBFS vs {level:F1} dBFS");
                    }
                }
            }

            var log = bridge.ReadLog().Split('\n');
            var bans = log.Where(l => l.Contains("SECURITY flood-ban", StringComparison.Ordinal)).ToArray();
            Assert.True(bans.Length == 1, "expected one flood-ban line:\n" + string.Join("\n", bans));
            Assert.Contains($"SECURITY flood-ban source={Flooder} requests=", bans[0], StringComparison.Ordinal);
            Assert.Contains(" ban=600s", bans[0], StringComparison.Ordinal);

            // Mixer reports every 2 s with cumulative counters: the overruns between the last report before the flood
            // and the first report after it are the ones the flood could have caused, and there must be none.
            var reports = log.Select(l => (Line: l, Match: MixerReport().Match(l))).Where(r => r.Match.Success)
                .Select(r => (At: LogClock.At(r.Match.Groups[1].Value, floodEndedAt), Overruns: long.Parse(r.Match.Groups[2].Value, CultureInfo.InvariantCulture), r.Line))
                .ToArray();
            var beforeIndex = Array.FindLastIndex(reports, r => r.At <= floodStartedAt);
            var afterIndex = Array.FindIndex(reports, r => r.At >= floodEndedAt);
            Assert.True(beforeIndex >= 0 && afterIndex >= 0, "no mixer reports around the flood:\n" + string.Join("\n", reports.Select(r => r.Line)));
            var (before, after) = (reports[beforeIndex], reports[afterIndex]);
            output.WriteLine($"mixer overruns during the flood: {after.Overruns - before.Overruns}\n{before.Line}\n{after.Line}\n{bans[0]}");
            Assert.Contains(log, l => l.Contains("joined room 4711 as Participant", StringComparison.Ordinal));

            // As in LoadInteropTests: overruns that all fell in report intervals in which the garbage collector paused the
            // bridge for a tick or more are the known defect of issue 14, reported and not judged; any other overrun fails.
            var parsed = reports.Select(r => Infrastructure.MixerReport.All(r.Line).FirstOrDefault() ?? new Infrastructure.MixerReport(0, 0, 0, r.Overruns, 0, 0, 0, 0, 0)).ToList();
            var explained = after.Overruns == before.Overruns ? null : Infrastructure.MixerReport.OverrunsExplainedByCollector(parsed, beforeIndex, afterIndex);
            Skip.If(explained is not null, $"mixer deadlines not judged: all {explained} overrun(s) during the flood fell in report intervals in which the garbage collector paused the bridge for 20 ms or more (known defect, issue 14):\n{before.Line}\n{after.Line}");
            // As in LoadInteropTests: deadlines can only be judged on a machine that was not already overloaded before the test
            // (more runnable tasks than cores from other builds): there a mixer thread is woken late whatever it has to do.
            Skip.If(after.Overruns != before.Overruns && loadBefore > Environment.ProcessorCount, string.Create(CultureInfo.InvariantCulture,
                $"mixer deadlines not judged: the machine was overloaded before the flood (load {loadBefore:F1} on {Environment.ProcessorCount} cores); overruns during the flood {after.Overruns - before.Overruns}; audio, OPTIONS and the ban were checked:\n{before.Line}\n{after.Line}"));
            Assert.True(after.Overruns == before.Overruns,
                $"the mixer overran {after.Overruns - before.Overruns} times during the flood:\n{before.Line}\n{after.Line}");
        }
        finally
        {
            foreach (var caller in callers)
            {
                await caller.Phone.DisposeAsync();
            }
        }
    }

    /// <summary>INVITEs from <see cref="Flooder"/> as fast as a socket loop can send them, each a new transaction,
    /// bounded in count and time.</summary>
    private static FloodResult Flood()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(Flooder), 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var target = new IPEndPoint(IPAddress.Loopback, SipPort);
        var template = Encoding.ASCII.GetBytes(
            $"INVITE sip:74711@127.0.0.1:{SipPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {Flooder}:{local.Port};branch=z9hG4bK-flood-00000000\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:flood@{Flooder}>;tag=flood\r\n" +
            $"To: <sip:74711@127.0.0.1:{SipPort}>\r\n" +
            "Call-ID: 00000000@flood\r\n" +
            "CSeq: 1 INVITE\r\n" +
            $"Contact: <sip:flood@{Flooder}:{local.Port}>\r\n" +
            "User-Agent: loadgen\r\n" +
            "Content-Length: 0\r\n\r\n");
        var text = Encoding.ASCII.GetString(template);
        var branchAt = text.IndexOf("flood-00000000", StringComparison.Ordinal) + 6;
        var callIdAt = text.IndexOf("Call-ID: 00000000", StringComparison.Ordinal) + 9;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < MaxDatagrams && clock.Elapsed < FloodLength)
        {
            var digits = sent.ToString("D8", CultureInfo.InvariantCulture);
            for (var k = 0; k < 8; k++)
            {
                template[branchAt + k] = (byte)digits[k];
                template[callIdAt + k] = (byte)digits[k];
            }

            socket.SendTo(template, target);
            sent++;

            // Spread the bounded count over the flood's length rather than spending it in the first second.
            var due = (int)(clock.Elapsed.TotalSeconds / FloodLength.TotalSeconds * MaxDatagrams);
            if (sent > due + 600)
            {
                Thread.Sleep(1); // pacing of the flooder itself, not a wait for an event
            }
        }

        return new FloodResult(sent, clock.Elapsed);
    }

    /// <summary>Waits (the reports come every 2 s) for a mixer report stamped at or after <paramref name="after"/>.</summary>
    private static async Task WaitForMixerReportAsync(BridgeProcess bridge, DateTime after, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!bridge.ReadLog().Split('\n').Select(l => MixerReport().Match(l)).Any(m => m.Success
            && LogClock.At(m.Groups[1].Value, after) >= after))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"{what} was not logged within 15 s:\n{bridge.ReadLog()}");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"^(\d{2}:\d{2}:\d{2}\.\d{3}) .*Mixer: \d+ calls, \d+ rooms on \d+ threads; \d+ ticks, (\d+) overruns")]
    private static partial Regex MixerReport();
}
