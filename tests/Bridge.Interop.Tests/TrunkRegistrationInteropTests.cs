using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 12: Kamailio from Debian as the company PBX (registrar with auth_db over db_text, users written by the test).
/// The bridge registers to it as extension 7000 with digest authentication; a baresip phone calls 7000 through
/// Kamailio and joins room 4711 with its PIN; after a Kamailio restart (which forgets every binding) the bridge's
/// refresh registers it again and the phone gets through again; a second registration with a wrong password is
/// reported once and retried with back-off, never in a busy loop; a reload that drops the <c>register:</c> block removes
/// the binding (Expires: 0), so a call to 7000 finds no one.
/// </summary>
public sealed class TrunkRegistrationInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 19980;
    private const int PbxPort = 19990;
    private const int PhonePort = 18190;

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public async Task The_bridge_registers_as_7000_a_phone_calls_it_through_Kamailio_and_it_survives_a_restart(string algorithm)
    {
        var users = new Dictionary<string, string> { ["7000"] = "Br1dge-7000", ["7001"] = "Other-7001" };
        var secrets = Directory.CreateTempSubdirectory("bridge-pbx-secrets-").FullName;
        var right = Path.Combine(secrets, "7000.pw");
        var wrong = Path.Combine(secrets, "7001.pw");
        await File.WriteAllTextAsync(right, users["7000"] + "\n");
        await File.WriteAllTextAsync(wrong, "not-the-password\n");
        var plans = Directory.CreateTempSubdirectory("dialplan-pbx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(plans, "pbx.yaml"), $$"""
            trunks:
              - name: office-pbx
                match:
                  addresses: ["127.0.0.1"]
                register:
                  registrar: "sip:127.0.0.1:{{PbxPort}}"
                  user: "7000"
                  passwordFile: "{{right}}"
                  expires: 60
              - name: misconfigured
                match:
                  certificateSubject: "CN=never.presented"
                register:
                  registrar: "sip:127.0.0.1:{{PbxPort}}"
                  user: "7001"
                  passwordFile: "{{wrong}}"
                  expires: 60
            routes:
              - dialled: "7000"
                room: "4711"
            rooms:
              - number: "4711"
                name: "PBX room"
                pin: "246810"
            """);

        var pbx = await KamailioPbx.StartAsync(PbxPort, users, algorithm);
        try
        {
            await using var bridge = await BridgeProcess.StartAsync(SipPort, 51300, 51399,
                [$"--Bridge:DialPlans={plans}", "--Bridge:Trunks:RegisterRetryBaseSeconds=2", "--Bridge:Trunks:RegisterRetryMaxSeconds=8"]);
            var running = System.Diagnostics.Stopwatch.StartNew();
            await bridge.WaitForLineAsync(TimeSpan.FromSeconds(20), "the bridge registered as 7000", "Trunk office-pbx: registered as 7000 at sip:127.0.0.1:");
            Assert.True(await pbx.WaitForLineAsync("PBX register-saved user=7000", TimeSpan.FromSeconds(5)), "Kamailio did not save the binding");
            Assert.Contains(pbx.Lines, l => l.Contains("PBX register-saved user=7000", StringComparison.Ordinal) && l.Contains("algorithm=" + algorithm, StringComparison.Ordinal));
            Assert.Contains("Trunk office-pbx: registering as 7000", bridge.ReadLog(), StringComparison.Ordinal);

            await CallThroughPbxAsync(bridge, pbx, "before the restart");

            // Restart: a fresh Kamailio has no bindings; the bridge's refresh (Kamailio grants at most 10 s, so the bridge
            // refreshes every 5 s) brings 7000 back.
            Assert.Contains("registered as 7000 at sip:127.0.0.1:" + PbxPort + " for 10 s", bridge.ReadLog(), StringComparison.Ordinal);
            var wrongBefore = pbx.Count("PBX register-challenge user=7001");
            await pbx.DisposeAsync();
            var restart = System.Diagnostics.Stopwatch.StartNew();
            pbx = await KamailioPbx.StartAsync(PbxPort, users, algorithm);
            Assert.True(await pbx.WaitForLineAsync("PBX register-saved user=7000", TimeSpan.FromSeconds(20)), "the bridge did not register again after the Kamailio restart");
            output.WriteLine($"registered again {restart.Elapsed.TotalSeconds:F1} s after the restart");
            await CallThroughPbxAsync(bridge, pbx, "after the restart");

            // The wrong password: one report, then quiet retries with growing waits (base 2 s, at most 8 s).
            var log = bridge.ReadLog();
            var reports = PinLockoutInteropTests.Count(log, "Trunk misconfigured: registration as 7001 at sip:127.0.0.1:");
            var attempts = wrongBefore + pbx.Count("PBX register-challenge user=7001");
            var since = running.Elapsed.TotalSeconds;
            output.WriteLine($"wrong password: {reports} report line(s) in the bridge log; {attempts} REGISTER attempts for 7001 at the two Kamailios in {since:F1} s");
            Assert.Equal(1, reports);
            Assert.Contains("failed: 401", log, StringComparison.Ordinal);
            Assert.InRange(attempts, 2, (int)since + 2); // retried, at one try per 1-8 s (base 2 s, at most 8 s): never a busy loop
            Assert.DoesNotContain(users["7000"], log, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-password", log, StringComparison.Ordinal);

            // A reload that drops office-pbx's register: removes the binding (Expires: 0): a call to 7000 finds no one.
            var reload = System.Diagnostics.Stopwatch.StartNew();
            var planFile = Path.Combine(plans, "pbx.yaml");
            var text = await File.ReadAllTextAsync(planFile);
            var block = text.IndexOf("    register:", StringComparison.Ordinal);
            await File.WriteAllTextAsync(planFile, text.Remove(block, text.IndexOf("  - name: misconfigured", StringComparison.Ordinal) - block));
            await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "the binding removed after the reload", "Trunk office-pbx: registration as 7000 at sip:127.0.0.1:" + PbxPort + " removed after a reload: removed");
            var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "quiet.wav");
            WavFiles.Write(source, new short[8000 * 5], 8000);
            await using var phone = await Baresip.StartAsync(PhonePort, 4790, 28600, source, ";audio_codecs=PCMU/8000/1");
            await phone.DialAsync($"sip:7000@127.0.0.1:{PbxPort}");
            Assert.True(await pbx.WaitForLineAsync("PBX not-registered user=7000", TimeSpan.FromSeconds(5)),
                "Kamailio still had a binding for 7000 after the reload:\n" + string.Join("\n", pbx.Lines.TakeLast(20)));
            output.WriteLine($"reload without register: binding removed and a call to 7000 refused {reload.Elapsed.TotalSeconds:F1} s after the plan changed");
        }
        finally
        {
            await pbx.DisposeAsync();
        }
    }

    private async Task CallThroughPbxAsync(BridgeProcess bridge, KamailioPbx pbx, string when)
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        WavFiles.Write(source, TestTones.Sine(440, 8000, 8000 * 30, amplitude: 8000), 8000);
        var from = bridge.ReadLog().Length;
        await using var phone = await Baresip.StartAsync(PhonePort, 4790, 28600, source, ";audio_codecs=PCMU/8000/1");
        await phone.DialAsync($"sip:7000@127.0.0.1:{PbxPort}");
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), $"the call to 7000 through Kamailio was not established {when}:\n" + string.Join("\n", pbx.Lines.TakeLast(20)));
        var callId = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(PhonePort), TimeSpan.FromSeconds(10), from);
        await bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(10));
        await phone.SendDigitsAsync("246810#");
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), $"the phone joining room 4711 {when}", $"Call {callId} joined room 4711 as Participant");
        output.WriteLine($"{when}: phone -> Kamailio 7000 -> bridge call {callId} joined room 4711 with its PIN");
        await phone.HangupAsync();
        await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10));
    }
}
