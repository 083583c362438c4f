using System.Diagnostics;
using Bridge.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 12 dial-out with Kamailio from Debian as the company PBX: baresip phones register to it as extensions 1001 and
/// 1003 with their own passwords, the bridge registers as 7000. A moderator phone in room 4711 keys <c>*7</c>:
/// a number outside <c>dialOut.allow</c> is refused with the prompt and no INVITE reaches Kamailio; 1003 (which never
/// answers) rings for the trunk's ring time and gets a CANCEL; 1001 answers (its INVITE authenticated with 407 digest as
/// 7000), presses 1 and the moderator hears its tone in the room. The trunk's dial-out target is the domain pbx.test,
/// located with RFC 3263 (NAPTR, SRV, A) at dnsmasq from Debian, whose SRV lists a dead server (127.0.0.77, nothing
/// listening) at a better priority than Kamailio: every call out passes over it after its silence budget (RFC 3263 §4.3).
/// </summary>
public sealed class DialOutInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 18960;
    private const int PbxPort = 18970;
    private const int ModeratorPort = 18980;
    private const int InvitedPort = 18982;
    private const int SilentPort = 18984;
    private const int DnsPort = 18955;
    private const int DeadPort = 18999; // nothing listens on 127.0.0.77

    [Fact]
    public async Task A_moderator_dials_out_through_Kamailio_and_the_invited_phone_joins_with_1()
    {
        var clock = Stopwatch.StartNew();
        var users = new Dictionary<string, string> { ["7000"] = "Br1dge-7000", ["1001"] = "Ph0ne-1001", ["1003"] = "Ph0ne-1003" };
        var plans = await KamailioDialOut.WritePlanAsync(PbxPort, users["7000"], ringSeconds: 5, target: "sip:pbx.test");
        var (quiet, invitedTone) = KamailioDialOut.WriteTones();

        await using var pbx = await KamailioPbx.StartAsync(PbxPort, users, "MD5"); // baresip 1.0 answers MD5 challenges only
        // The dial-out target is the domain pbx.test, located with RFC 3263 at dnsmasq: NAPTR -> SRV -> A = a dead server
        // first (priority 0), then Kamailio (priority 10)
        await using var dns = await Dnsmasq.StartAsync(DnsPort, "kamailio.pbx.test",
            "--naptr-record=pbx.test,10,50,s,SIP+D2U,,_sip._udp.pbx.test",
            $"--srv-host=_sip._udp.pbx.test,dead.pbx.test,{DeadPort},0,5",
            $"--srv-host=_sip._udp.pbx.test,kamailio.pbx.test,{PbxPort},10,5",
            "--host-record=dead.pbx.test,127.0.0.77",
            "--host-record=kamailio.pbx.test,127.0.0.1");
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 51400, 51499, [$"--Bridge:DialPlans={plans}", $"--Bridge:Trunks:Nameserver=127.0.0.1:{DnsPort}"]);
        await using var invited = await Baresip.StartAsync(InvitedPort, 4971, 32100, invitedTone, ";audio_codecs=PCMU/8000/1",
            account: Baresip.RegisteredAccount("1001", users["1001"], PbxPort, autoAnswer: true));
        await using var silent = await Baresip.StartAsync(SilentPort, 4972, 32200, quiet, ";audio_codecs=PCMU/8000/1",
            account: Baresip.RegisteredAccount("1003", users["1003"], PbxPort, autoAnswer: false));
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(20), "the bridge registered as 7000", "Trunk office-pbx: registered as 7000");
        foreach (var extension in new[] { "1001", "1003" })
        {
            Assert.True(await pbx.WaitForLineAsync($"PBX register-saved user={extension}", TimeSpan.FromSeconds(15)),
                $"phone {extension} did not register at Kamailio:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        }

        await using var moderator = await Baresip.StartAsync(ModeratorPort, 4970, 32000, quiet, ";audio_codecs=PCMU/8000/1");
        await KamailioDialOut.JoinRoomAsync(bridge, SipPort, moderator, ModeratorPort, KamailioDialOut.ModeratorPin, "Moderator");
        output.WriteLine($"set-up (PBX, bridge, three phones registered, moderator in the room): {clock.Elapsed.TotalSeconds:F1} s");

        // 1. Outside dialOut.allow: the prompt, a SECURITY line with the number masked, and nothing sent to the PBX.
        var step = clock.Elapsed;
        await moderator.SendDigitsAsync("*70900555#");
        var refused = await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "the refusal of 0900555", "SECURITY dial-out-refused");
        Assert.Contains("number=***555", refused, StringComparison.Ordinal);
        Assert.Equal(0, pbx.Count("user=0900555"));
        output.WriteLine($"refused number: {(clock.Elapsed - step).TotalSeconds:F1} s");

        // 2. 1003 rings and never answers: CANCEL after the trunk's 5 s ring time.
        step = clock.Elapsed;
        await moderator.SendDigitsAsync("*71003#");
        Assert.True(await silent.WaitForEventAsync("CALL_INCOMING", TimeSpan.FromSeconds(10)), "1003 did not ring:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        Assert.True(await pbx.WaitForLineAsync("PBX cancel user=1003", TimeSpan.FromSeconds(12)), "the bridge sent no CANCEL for 1003:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "the no-answer outcome", "to ***003: NoAnswer");
        Assert.Contains($"pbx.test located at UDP 127.0.0.77:{DeadPort} (RFC 3263, 2 target(s))", bridge.ReadLog(), StringComparison.Ordinal);
        Assert.Contains($"server 1 of 2 (UDP 127.0.0.77:{DeadPort}) gave unreachable (408 Request Timeout, local); trying the next (RFC 3263 §4.3)", bridge.ReadLog(), StringComparison.Ordinal);
        Assert.Contains(dns.Lines, l => l.Contains("query[NAPTR] pbx.test", StringComparison.Ordinal));
        var rang = (clock.Elapsed - step).TotalSeconds;
        output.WriteLine($"no answer: CANCEL after {rang:F1} s (ringSeconds 5)");
        Assert.InRange(rang, 4.5, 15);

        // 3. 1001 answers (auto-answer), hears the invitation, presses 1 and is in the room.
        step = clock.Elapsed;
        var from = bridge.ReadLog().Length;
        await moderator.SendDigitsAsync("*71001#");
        Assert.True(await invited.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "1001 did not answer the dial-out:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        Assert.Contains(pbx.Lines, l => l.Contains("PBX invite-challenge from=7000", StringComparison.Ordinal));
        Assert.Contains(pbx.Lines, l => l.Contains("PBX invite-authenticated from=7000", StringComparison.Ordinal) && l.Contains("algorithm=MD5", StringComparison.Ordinal));
        await KamailioDialOut.PressOneAsync(bridge, invited, from);
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(5), "the answered outcome", "to ***001: Answered");
        output.WriteLine($"answered and joined: {(clock.Elapsed - step).TotalSeconds:F1} s");

        await Task.Delay(TimeSpan.FromSeconds(4)); // the room, heard by the moderator
        var (heard, blocks, level) = await KamailioDialOut.HangUpAndMeasureAsync(moderator, 3);
        output.WriteLine($"moderator heard 1100 Hz in {heard} of {blocks} blocks ({level:F1} dBFS); total {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(heard >= 10, $"the moderator heard the invited phone's 1100 Hz in only {heard} of {blocks} blocks ({level:F1} dBFS)");

        var log = bridge.ReadLog();
        Assert.DoesNotContain("0900555", log, StringComparison.Ordinal);
        Assert.DoesNotContain(users["7000"], log, StringComparison.Ordinal);
    }
}
