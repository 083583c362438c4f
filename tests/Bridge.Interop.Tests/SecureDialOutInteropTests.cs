using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bridge.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Dial-out from a <c>media: secure</c> room (issue 12) through Kamailio from Debian, which relays the SDP unchanged: the
/// bridge offers SDES-SRTP; 1001 (baresip with <c>mediaenc=srtp-mand</c>) answers with SRTP, presses 1 and is listed as a
/// secure participant; 1002 (baresip without SRTP) cannot take the call, which the dial-out reports as failed.
/// </summary>
public sealed class SecureDialOutInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 18660;
    private const int PbxPort = 18670;
    private const int SecurePhonePort = 18680;
    private const int PlainPhonePort = 18682;

    [Fact]
    public async Task A_secure_room_dials_out_with_SRTP_and_a_phone_without_SRTP_fails()
    {
        var clock = Stopwatch.StartNew();
        var users = new Dictionary<string, string> { ["7000"] = "Br1dge-7000", ["1001"] = "Ph0ne-1001", ["1002"] = "Ph0ne-1002" };
        var plans = await KamailioDialOut.WritePlanAsync(PbxPort, users["7000"], ringSeconds: 8, media: "secure");
        var (_, tone) = KamailioDialOut.WriteTones();

        var webPort = AdminApiClient.FreeTcpPort();
        await using var pbx = await KamailioPbx.StartAsync(PbxPort, users, "MD5"); // baresip 1.0 answers MD5 challenges only
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 51600, 51699, [$"--Bridge:DialPlans={plans}", $"--Bridge:Web:Http=127.0.0.1:{webPort}"]);
        var adminToken = await AdminApiClient.CreateTokenAsync(bridge, "interop-secure-dialout", "admin");
        using var api = AdminApiClient.For(new Uri($"http://127.0.0.1:{webPort}"), adminToken);
        await using var secure = await Baresip.StartAsync(SecurePhonePort, 4975, 32500, tone, ";audio_codecs=PCMU/8000/1;mediaenc=srtp-mand",
            account: Baresip.RegisteredAccount("1001", users["1001"], PbxPort, autoAnswer: true) + ";mediaenc=srtp-mand");
        await using var plain = await Baresip.StartAsync(PlainPhonePort, 4976, 32600, tone, ";audio_codecs=PCMU/8000/1",
            account: Baresip.RegisteredAccount("1002", users["1002"], PbxPort, autoAnswer: true));
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(20), "the bridge registered as 7000", "Trunk office-pbx: registered as 7000");
        foreach (var extension in new[] { "1001", "1002" })
        {
            Assert.True(await pbx.WaitForLineAsync($"PBX register-saved user={extension}", TimeSpan.FromSeconds(15)),
                $"phone {extension} did not register at Kamailio:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        }

        output.WriteLine($"set-up (PBX, bridge, two phones registered): {clock.Elapsed.TotalSeconds:F1} s");

        // 1001 with SRTP: answered, joins with 1, listed as secure.
        var step = clock.Elapsed;
        var from = bridge.ReadLog().Length;
        var id = await StartDialOutAsync(api, "1001");
        Assert.True(await secure.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "1001 did not answer the secure dial-out:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        await KamailioDialOut.PressOneAsync(bridge, secure, from);
        await KamailioDialOut.WaitForStateAsync(api, id, "joined", TimeSpan.FromSeconds(5));
        var participants = await api.WaitForParticipantsAsync("4711", ps => ps.Count == 1, TimeSpan.FromSeconds(5), "the invited phone listed");
        Assert.True(participants[0].GetProperty("secure").GetBoolean(), "the invited phone's media is not SRTP: " + participants[0]);
        output.WriteLine($"1001 (srtp-mand): 202 to joined with SRTP in {(clock.Elapsed - step).TotalSeconds:F1} s");

        // 1002 without SRTP: the call out fails (its 488, or its plain answer hung up).
        step = clock.Elapsed;
        from = bridge.ReadLog().Length;
        id = await StartDialOutAsync(api, "1002");
        await KamailioDialOut.WaitForStateAsync(api, id, "failed", TimeSpan.FromSeconds(15));
        await bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(5), "the failed outcome", from, "to ***002: Failed");
        var log = bridge.ReadLog()[from..];
        output.WriteLine($"1002 (no SRTP): failed in {(clock.Elapsed - step).TotalSeconds:F1} s: " + string.Join(" | ", log.Split('\n').Where(l => l.Contains("Dial-out", StringComparison.Ordinal))));
        Assert.True(log.Contains("not answered: 488", StringComparison.Ordinal) || log.Contains("does not accept SRTP", StringComparison.Ordinal),
            "neither a 488 nor a refused answer:\n" + log);
        Assert.DoesNotContain(users["7000"], bridge.ReadLog(), StringComparison.Ordinal);
    }

    private static async Task<string> StartDialOutAsync(AdminApiClient api, string number)
    {
        var (status, body) = await api.PostJsonAsync("/api/v1/rooms/4711/dialout", $$"""{"number":"{{number}}"}""");
        Assert.True(status == HttpStatusCode.Accepted, $"POST dialout {number}: {(int)status} {body}");
        using var accepted = JsonDocument.Parse(body);
        return accepted.RootElement.GetProperty("id").GetString()!;
    }
}
