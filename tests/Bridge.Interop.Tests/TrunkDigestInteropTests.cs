using Bridge.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 12: a trunk declared with <c>auth: digest</c> (sipp from 127.0.0.2 answering the challenge with -au/-ap).
/// The right password: 401, then the call is answered; a wrong one: 401, then 403, logged as a SECURITY line
/// that names the source and never the password; after 5 wrong the source is locked out.
/// </summary>
public sealed class TrunkDigestInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 19970;
    private const string Trunk = "127.0.0.2";
    private const string Password = "Tr4nk-Pa55";

    [Fact]
    public async Task A_digest_trunk_is_challenged_gets_in_with_its_password_and_gets_403_without_it()
    {
        var plans = Directory.CreateTempSubdirectory("dialplan-digest-").FullName;
        var passwordFile = Path.Combine(plans, "..", Path.GetFileName(plans) + ".pw");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        await File.WriteAllTextAsync(Path.Combine(plans, "trunk.yaml"), $$"""
            trunks:
              - name: carrier
                match:
                  addresses: ["{{Trunk}}"]
                  auth: digest
                  user: carrier1
                  passwordFile: "{{Path.GetFullPath(passwordFile)}}"
                  algorithms: ["MD5"]   # sipp answers only the topmost challenge and knows only MD5
            routes:
              - dialled: "echo"
                echo: true
            """);
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 51200, 51299, [$"--Bridge:DialPlans={plans}"]);

        var right = await CallAsync("carrier1", Password, expect: 200);
        output.WriteLine($"right password: exit {right.ExitCode}, {right.Successful} successful");
        Assert.True(right.ExitCode == 0 && right.Successful == 1, "the trunk with the right password did not get in:\n" + right.Output);

        var wrong = await CallAsync("carrier1", "guess", expect: 403);
        Assert.True(wrong.ExitCode == 0 && wrong.Successful == 1, "a wrong password was not answered 401 then 403:\n" + wrong.Output);
        // Logged as the 403 goes out: sipp can be done before the line has come through the bridge's output pipe.
        await bridge.AssertLoggedAsync($"SECURITY trunk-auth-failure source={Trunk} user=***er1 count=1");

        for (var i = 2; i <= 5; i++)
        {
            Assert.Equal(0, (await CallAsync("carrier1", "guess" + i, expect: 403)).ExitCode);
        }

        var log = await bridge.LogWithAsync(0, $"SECURITY trunk-auth-lockout source={Trunk} count=5");
        Assert.DoesNotContain(Password, log, StringComparison.Ordinal);
        output.WriteLine("right password: 401 then 200; wrong: 401 then 403 (SECURITY trunk-auth-failure), 5 wrong: trunk-auth-lockout; password never in the log");
    }

    private static Task<Sipp.Run> CallAsync(string user, string password, int expect) =>
        SippRunner.RunAsync("uac_digest_call.xml", $"127.0.0.1:{SipPort}", "echo", FreePorts.UdpBlock(2), FreePorts.UdpBlock(4), calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(30),
            new Dictionary<string, string>
            {
                ["EXPECT"] = expect.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ACKVIA"] = expect == 200 ? "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport" : "[last_Via:]",
                ["HANGUP"] = expect != 200 ? "" : """
                      <pause milliseconds="1000" />
                      <send retrans="500">
                        <![CDATA[
                          BYE [next_url] SIP/2.0
                          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                          From: "pbx" <sip:4711@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                          To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                          [routes]
                          Call-ID: [call_id]
                          CSeq: 3 BYE
                          Max-Forwards: 70
                          Content-Length: 0
                        ]]>
                      </send>
                      <recv response="200" crlf="true" />

                    """,
            },
            ["-i", Trunk, "-mi", Trunk, "-au", user, "-ap", password]);
}
