using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 11's named showing: linphonec with SDES SRTP re-keys by re-INVITE (RFC 4568 §7.1.4) in a room with another
/// phone, and both still hear each other afterwards. liblinphone keeps its keys in new offers unless
/// <c>[sip] keep_srtp_keys=0</c>; with it, pausing and resuming the call send two re-INVITEs, each with new keys (seen on
/// the wire over UDP: a new <c>inline:</c> key in every offer). Here over TLS, as the secure room demands.
/// </summary>
public sealed partial class LinphoneRekeyInteropTests(SecureBridgeFixture fixture) : IClassFixture<SecureBridgeFixture>
{
    private const double MemberTone = 1000;
    private const double LinphoneTone = 440;

    /// <summary>A listening window, not a wait for an event: how long both phones talk before the pause and after the resume.</summary>
    private static readonly TimeSpan Listen = TimeSpan.FromSeconds(5);

    /// <summary>A holding window: the pause between the two re-INVITEs.</summary>
    private static readonly TimeSpan Paused = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Linphone_with_SDES_SRTP_rekeys_by_reINVITE_and_both_phones_still_hear_each_other()
    {
        var tones = Directory.CreateTempSubdirectory("tone-").FullName;
        var memberSource = Path.Combine(tones, "tone1000.wav");
        WavFiles.Write(memberSource, TestTones.Sine(MemberTone, 8000, 8000 * 90, amplitude: 8000), 8000);
        var linphoneSource = Path.Combine(tones, "tone440.wav");
        WavFiles.Write(linphoneSource, TestTones.Sine(LinphoneTone, 8000, 8000 * 90, amplitude: 8000), 8000);

        // The other phone in the room: baresip with SDES SRTP over TLS, playing 1 kHz.
        await using var member = await Baresip.StartAsync(19114, 4814, 31000, memberSource, ";audio_codecs=PCMU/8000/1;mediaenc=srtp-mand",
            $"sip_certificate {fixture.Certificates.ServerPemWithKey}\nsip_cafile {fixture.Certificates.CaPem}");
        var logStart = fixture.Bridge.ReadLog().Length;
        await member.DialAsync($"sip:74713@127.0.0.1:{SecureBridgeFixture.SipPort + 1};transport=tls");
        Assert.True(await member.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "baresip's TLS/SRTP call not established:\n" + string.Join('\n', member.Events));
        var memberClock = Stopwatch.StartNew(); // its received-audio recording starts now
        var memberCall = await fixture.Bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(19114), TimeSpan.FromSeconds(10), logStart);
        await fixture.Bridge.WaitForPinPromptAsync(memberCall, "4713", TimeSpan.FromSeconds(10));
        await member.SendDigitsAsync("246810#");
        await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "baresip joining room 4713", $"Call {memberCall} joined room 4713");

        // linphonec with SDES SRTP over TLS, new keys in every offer, playing 440 Hz; its PIN as SIP INFO.
        await using var linphone = await Linphone.StartAsync(19306, 31200, linphoneSource, useInfo: true, tlsRootCa: fixture.Certificates.CaPem, newSrtpKeysPerOffer: true);
        var logBefore = fixture.Bridge.ReadLog().Length;
        await linphone.CallAsync($"sip:74713@127.0.0.1:{SecureBridgeFixture.SipPort + 1};transport=tls");
        Assert.True(await linphone.WaitForOutputAsync("connected", TimeSpan.FromSeconds(20)), "linphone over TLS not connected:\n" + linphone.Console);
        var call = await fixture.Bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(19306), TimeSpan.FromSeconds(10), logBefore);
        await fixture.Bridge.WaitForPinPromptAsync(call, "4713", TimeSpan.FromSeconds(10));
        await linphone.SendDigitsAsync("246810#");
        await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(15), "linphone joining room 4713", $"Call {call} joined room 4713");
        var joined = memberClock.Elapsed.TotalSeconds;
        await Task.Delay(Listen);
        var paused = memberClock.Elapsed.TotalSeconds;

        // Re-key 1: pause (re-INVITE, a=sendonly, new key); re-key 2: resume (re-INVITE, a=sendrecv, new key).
        await linphone.PauseAsync();
        await fixture.Bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(10), "the bridge taking linphone's first new key", logBefore, $"Call {call}: SRTP re-keyed (peer key True");
        await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(5), "linphone's hold", $"Call {call} held by the peer");
        await Task.Delay(Paused);
        await linphone.ResumeAsync();
        await fixture.Bridge.WaitForLinesAsync(2, TimeSpan.FromSeconds(10), "the bridge taking linphone's second new key", logBefore, $"Call {call}: SRTP re-keyed (peer key True");
        await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(5), "linphone's resume", $"Call {call} resumed by the peer");
        var resumed = memberClock.Elapsed.TotalSeconds;
        await Task.Delay(Listen);
        var heardUntil = memberClock.Elapsed.TotalSeconds;

        await linphone.TerminateAsync();
        Assert.True(await linphone.WaitForOutputAsync("ended", TimeSpan.FromSeconds(10)), "linphone did not end its call:\n" + linphone.Console);
        var linphoneRecording = await linphone.WaitForRecordingAsync(TimeSpan.FromSeconds(10));
        await member.HangupAsync();
        Assert.True(await member.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)), "baresip's call did not close");
        var memberRecording = await member.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10));
        var summary = await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "linphone's media summary", $"Call {call} media:");

        var log = fixture.Bridge.ReadLog()[logBefore..];
        Assert.Contains(log.Split('\n'), l => l.Contains($"Call {call} answered for ***306", StringComparison.Ordinal) && l.Contains("SRTP True", StringComparison.Ordinal));

        // The other phone heard linphone before the re-keys (the control) and after both of them.
        var (memberPcm, memberRate) = WavFiles.Read(memberRecording);
        var before = ToneAnalysis.ToneBlocks(memberPcm, memberRate, joined + 1, paused, LinphoneTone);
        Assert.True(before >= 15, $"before the re-keys baresip heard linphone's 440 Hz in only {before} of 20 blocks");
        var after = ToneAnalysis.ToneBlocks(memberPcm, memberRate, resumed + 1, heardUntil - 0.5, LinphoneTone);
        Assert.True(after >= 12, $"after the re-keys baresip heard linphone's 440 Hz in only {after} of 17 blocks (recording {memberPcm.Length / (double)memberRate:F1} s, resumed at {resumed:F1} s)");

        // linphone stops recording while paused, so the end of its recording is after the resume: it hears the room.
        var (linphonePcm, linphoneRate) = WavFiles.Read(linphoneRecording);
        var end = linphonePcm.Length / (double)linphoneRate;
        var heard = ToneAnalysis.ToneBlocks(linphonePcm, linphoneRate, end - 4, end - 0.5, MemberTone);
        Assert.True(heard >= 12, $"after the re-keys linphone heard the room's 1 kHz in only {heard} of 17 blocks (recording {end:F1} s)");

        // Every packet linphone sent was taken under the key in force: no gap at either switch. (The PIN goes as SIP INFO:
        // liblinphone sends each RFC 4733 end packet three times with one sequence number, and SRTP refuses the copies as
        // replays, RFC 3711 §3.3.2, which would count here too.)
        var refused = RefusedPackets().Match(summary);
        Assert.True(refused.Success, "no SRTP figure in the media summary: " + summary);
        Assert.True(int.Parse(refused.Groups[1].Value, CultureInfo.InvariantCulture) == 0, "SRTP packets from linphone were refused across the re-keys: " + summary);
    }

    [GeneratedRegex(@"SRTP packets refused (\d+)")]
    private static partial Regex RefusedPackets();
}
