using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bridge.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Dial-out through the admin API (issues 12 and 13) with Kamailio from Debian as the company PBX, as in
/// <see cref="DialOutInteropTests"/>: baresip registers to it as extension 1001, the bridge as 7000. A phone in room 4711
/// listens. <c>POST /api/v1/rooms/4711/dialout</c> with a number outside <c>dialOut.allow</c> is 403 and Kamailio sees
/// no INVITE for it; with 1001 it is 202, 1001 answers, presses 1, <c>GET …/dialout/{id}</c> shows <c>joined</c>, and the
/// listening phone hears 1001's tone (Goertzel).
/// </summary>
public sealed class DialOutActionsInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 18990;
    private const int PbxPort = 18992;
    private const int ListenerPort = 18994;
    private const int InvitedPort = 18996;

    [Fact]
    public async Task The_admin_api_dials_a_registered_extension_which_joins_and_is_heard_in_the_room()
    {
        var clock = Stopwatch.StartNew();
        var users = new Dictionary<string, string> { ["7000"] = "Br1dge-7000", ["1001"] = "Ph0ne-1001" };
        var plans = await KamailioDialOut.WritePlanAsync(PbxPort, users["7000"], ringSeconds: 8, maxCalls: 4);
        var (quiet, invitedTone) = KamailioDialOut.WriteTones();

        var webPort = AdminApiClient.FreeTcpPort();
        await using var pbx = await KamailioPbx.StartAsync(PbxPort, users, "MD5"); // baresip 1.0 answers MD5 challenges only
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 51500, 51599, [$"--Bridge:DialPlans={plans}", $"--Bridge:Web:Http=127.0.0.1:{webPort}"]);
        var adminToken = await AdminApiClient.CreateTokenAsync(bridge, "interop-dialout", "admin");
        var web = new Uri($"http://127.0.0.1:{webPort}");
        using var api = AdminApiClient.For(web, adminToken);
        await using var invited = await Baresip.StartAsync(InvitedPort, 4974, 32400, invitedTone, ";audio_codecs=PCMU/8000/1",
            account: Baresip.RegisteredAccount("1001", users["1001"], PbxPort, autoAnswer: true));
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(20), "the bridge registered as 7000", "Trunk office-pbx: registered as 7000");
        Assert.True(await pbx.WaitForLineAsync("PBX register-saved user=1001", TimeSpan.FromSeconds(15)),
            "phone 1001 did not register at Kamailio:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));

        await using var listener = await Baresip.StartAsync(ListenerPort, 4973, 32300, quiet, ";audio_codecs=PCMU/8000/1");
        await KamailioDialOut.JoinRoomAsync(bridge, SipPort, listener, ListenerPort, KamailioDialOut.ParticipantPin, "Participant");
        output.WriteLine($"set-up (PBX, bridge, 1001 registered, listener in the room): {clock.Elapsed.TotalSeconds:F1} s");

        // A number outside dialOut.allow: 403, the SECURITY line with the number masked, nothing sent to Kamailio. (A read
        // token's 403 is in Bridge.Web.Tests DialOutApiTests.)
        var step = clock.Elapsed;
        var (refusedStatus, refusedBody) = await api.PostJsonAsync("/api/v1/rooms/4711/dialout", """{"number":"0900555"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refusedStatus);
        Assert.Contains("This number cannot be called.", refusedBody, StringComparison.Ordinal);
        var refused = await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "the refusal of 0900555", "SECURITY dial-out-refused");
        Assert.Contains("user=api:interop-dialout room=4711 number=***555", refused, StringComparison.Ordinal);
        Assert.Equal(0, pbx.Count("user=0900555"));
        Assert.Equal(0, pbx.Count("PBX invite "));
        output.WriteLine($"refusals: {(clock.Elapsed - step).TotalSeconds:F1} s");

        // 1001: 202 calling, answers, presses 1, joined.
        step = clock.Elapsed;
        var from = bridge.ReadLog().Length;
        var (status, body) = await api.PostJsonAsync("/api/v1/rooms/4711/dialout", """{"number":"1001"}""");
        Assert.True(status == HttpStatusCode.Accepted, $"POST dialout: {(int)status} {body}");
        string id;
        using (var accepted = JsonDocument.Parse(body))
        {
            Assert.Equal("calling", accepted.RootElement.GetProperty("state").GetString());
            id = accepted.RootElement.GetProperty("id").GetString()!;
        }

        Assert.True(await invited.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "1001 did not answer the dial-out:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        Assert.Contains(pbx.Lines, l => l.Contains("PBX invite from=7000 user=1001", StringComparison.Ordinal));
        await KamailioDialOut.PressOneAsync(bridge, invited, from);
        var state = await KamailioDialOut.WaitForStateAsync(api, id, "joined", TimeSpan.FromSeconds(5));
        Assert.Equal("***001", state.GetProperty("number").GetString());
        output.WriteLine($"202 to joined: {(clock.Elapsed - step).TotalSeconds:F1} s");
        var participants = await api.WaitForParticipantsAsync("4711", ps => ps.Count == 2, TimeSpan.FromSeconds(5), "the invited phone listed");
        Assert.Contains(participants, p => p.GetProperty("label").GetString() == "Phone ***001");

        await Task.Delay(TimeSpan.FromSeconds(3.5)); // the room, heard by the listener
        var (heard, blocks, level) = await KamailioDialOut.HangUpAndMeasureAsync(listener, 2.5);
        output.WriteLine($"listener heard 1100 Hz in {heard} of {blocks} blocks ({level:F1} dBFS); total {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(heard >= 8, $"the listener heard the invited phone's 1100 Hz in only {heard} of {blocks} blocks ({level:F1} dBFS)");

        var log = bridge.ReadLog();
        Assert.DoesNotContain("0900555", log, StringComparison.Ordinal);
        Assert.DoesNotContain(users["7000"], log, StringComparison.Ordinal);
        var audit = await File.ReadAllTextAsync(Path.Combine(bridge.DataDirectory, "audit.log"));
        Assert.Contains("\"participant\":\"number ***001\"", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("0900555", audit, StringComparison.Ordinal);
    }
}
