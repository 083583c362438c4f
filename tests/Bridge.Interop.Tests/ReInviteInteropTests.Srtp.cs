using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.Rtp.Srtp;

namespace Bridge.Interop.Tests;

/// <summary>
/// SDES re-keying by re-INVITE (RFC 4568 §7.1.4). sipp cannot do SRTP, so sipp does the signalling and the test does
/// the media with the bridge's own SRTP implementation: the phone's key changes mid-call, the echo of its tone must go on.
/// </summary>
public sealed partial class ReInviteInteropTests
{
    private const SrtpSuite Suite = SrtpSuite.AesCm128HmacSha1Tag80;

    [Fact]
    public Task A_reINVITE_with_a_new_SRTP_key_is_taken_and_the_audio_goes_on() => RekeyAsync(stall: null);

    /// <summary>
    /// The cause of this test's failures in full interop runs (0 echoed tone packets): the test process paused for a few
    /// hundred milliseconds (a garbage collection of its large heap, a starved thread pool) while the phone was sending; the
    /// phone's RTP timestamps did not advance over the pause, so its stream ran behind the bridge's arrival clock by more
    /// than the jitter buffer's largest delay, and the bridge dropped every later packet as late while concealing. A real
    /// phone does the same when its audio capture stalls. Here the pause is made on purpose, 2 s into the call.
    /// </summary>
    [Fact]
    public Task A_phone_whose_sender_stalled_without_advancing_its_timestamps_is_heard_again_and_re_keyed() =>
        RekeyAsync(stall: TimeSpan.FromMilliseconds(400));

    private async Task RekeyAsync(TimeSpan? stall)
    {
        var clock = Stopwatch.StartNew();
        var key1 = SrtpKeyMaterial.Generate(Suite);
        var key2 = SrtpKeyMaterial.Generate(Suite);
        await using var phone = new RtpTestEndpoint(clock, (ReInviteBridgeFixture.RtpLow, ReInviteBridgeFixture.RtpHigh)) { SendProtector = new SrtpSession(key1, SrtpKeyMaterial.Generate(Suite)) };
        var replacements = new Dictionary<string, string>
        {
            ["RTP_PORT_1"] = phone.Port.ToString(CultureInfo.InvariantCulture),
            ["KEY_1"] = Inline(key1),
            ["KEY_2"] = Inline(key2),
        };
        var sipPort = FreePorts.UdpBlock(2);
        var sipp = SippRunner.RunAsync("uac_reinvite_srtp_rekey.xml", $"127.0.0.1:{ReInviteBridgeFixture.SipPort}", "echo", sipPort, FreePorts.UdpBlock(4),
            1, 1, 1, TimeSpan.FromSeconds(40), replacements, ["-trace_logs"]);
        double? switchedAt = null;
        const string Rekeyed = "SRTP re-keyed (peer key True";
        var rekeysBefore = CountOf(fixture.Bridge.ReadLog(), Rekeyed);
        var logBefore = fixture.Bridge.ReadLog().Length;
        double? stalledAt = null;
        while (!sipp.IsCompleted)
        {
            if (stall is { } pause && stalledAt is null && phone.FirstSentAt >= 0 && clock.Elapsed.TotalSeconds > phone.FirstSentAt + 2)
            {
                phone.Stall(pause); // during the echo test's prompt
                stalledAt = clock.Elapsed.TotalSeconds;
            }

            // The phone protects with its new key once its re-offer is answered (RFC 4568 §7.1.4), which the bridge logs;
            // the bridge takes packets under either key until the new one has authenticated one.
            if (switchedAt is null && CountOf(fixture.Bridge.ReadLog(), Rekeyed) > rekeysBefore)
            {
                phone.SendProtector = new SrtpSession(key2, SrtpKeyMaterial.Generate(Suite));
                switchedAt = clock.Elapsed.TotalSeconds;
            }

            await Task.WhenAny(sipp, Task.Delay(50));
        }

        var run = await sipp;
        var summary = (await fixture.Bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(5), "the call's media summary", logBefore, " media: received ")).Trim();
        var ended = clock.Elapsed.TotalSeconds;
        Assert.True(run.ExitCode == 0, "sipp SRTP re-key call failed:\n" + run.Output);
        Assert.NotNull(switchedAt);
        Assert.True(stall is null || stalledAt is not null, "the phone was not stalled");

        var logs = string.Concat(Directory.GetFiles(run.WorkDirectory, "*_logs.log").Select(File.ReadAllText));
        var bridgeKey1 = KeyFromLog(logs, "BRIDGE_ANSWER_ONE");
        var bridgeKey2 = KeyFromLog(logs, "BRIDGE_ANSWER_TWO");
        // The suite did not change, so the bridge kept its key (and its send context) in the second answer.
        Assert.Equal(bridgeKey1.MasterKey, bridgeKey2.MasterKey);

        using var receiver = new SrtpSession(SrtpKeyMaterial.Generate(Suite), bridgeKey1);
        var decrypted = new List<(double At, bool Tone)>();
        var packets = phone.Received;
        foreach (var packet in packets)
        {
            var data = (byte[])packet.Data.Clone();
            var length = data.Length;
            if (receiver.TryUnprotectRtp(data, ref length))
            {
                decrypted.Add((packet.At, RtpTestEndpoint.HasTone(data.AsSpan(12, length - 12), packet.PayloadType)));
            }
        }

        Assert.True(decrypted.Count >= packets.Count * 95 / 100, $"only {decrypted.Count} of {packets.Count} packets from the bridge authenticate under its key");
        // Before the re-key the echo (after its prompt and 1 s delay) carried the tone for at least half a second.
        var before = decrypted.Where(p => p.At < switchedAt.Value - 0.2).ToList();
        Assert.True(before.Count(p => p.Tone) >= 25, $"before the re-key (at {switchedAt:F1} s): {before.Count(p => p.Tone)} of {before.Count} packets echo the tone; the phone sent {phone.Sent} packets from {phone.FirstSentAt:F2} s, first from the bridge at {(packets.Count > 0 ? packets[0].At : -1):F2} s; {summary}; tone packets at {string.Join(' ', before.Where(p => p.Tone).Select(p => p.At.ToString("F1", CultureInfo.InvariantCulture)).Take(10))}");
        // The echo runs 1 s late: the last 2 s echo what was sent under the new key only.
        var after = decrypted.Where(p => p.At > ended - 2.3 && p.At < ended - 0.3).ToList();
        Assert.True(after.Count >= 50 && after.Count(p => p.Tone) >= after.Count * 6 / 10, $"after the re-key: {after.Count(p => p.Tone)} of {after.Count} packets echo the tone");
        await fixture.Bridge.AssertLoggedAsync("SRTP re-keyed (peer key True, our key False)");
    }

    private static string Inline(SrtpKeyMaterial key) => Convert.ToBase64String([.. key.MasterKey, .. key.MasterSalt]);

    private static SrtpKeyMaterial KeyFromLog(string logs, string label)
    {
        var match = Regex.Match(logs, label + @" ([A-Za-z0-9+/=]+)");
        Assert.True(match.Success, $"no {label} in the sipp log:\n{logs}");
        Assert.True(SrtpKeyMaterial.TryFromConcatenated(Suite, Convert.FromBase64String(match.Groups[1].Value), out var key));
        return key!;
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
