using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #8: an SDES offer whose only key carries an MKI (<c>inline:KEY|2^20|1:4</c>) is refused with 488 by a room
/// with <c>media: secure</c> (MKI is not supported; the call used to be answered and stay silent). The same offer
/// without the MKI is answered, so the 488 is the MKI's doing.
/// </summary>
public sealed partial class SdesMkiInteropTests
{
    private const int SipPort = 19660;
    private const string Key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    [Fact]
    public async Task An_offer_with_only_an_MKI_key_gets_488_from_a_secure_room_over_TLS()
    {
        var certificates = TestCertificates.Create(Directory.CreateTempSubdirectory("certs-").FullName);
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 49500, 49519,
        [
            $"--Bridge:Tls:Certificate={certificates.ServerPem}",
            $"--Bridge:Tls:Key={certificates.ServerKey}",
            $"--Bridge:DialPlans={SecurityDialPlan.Write()}",
        ]);

        await using (var client = await TlsSipClient.ConnectAsync(SipPort + 1, certificates.CaPem))
        {
            await client.SendAsync(Invite(client.LocalPort, "mki-1", Key + "|2^20|1:4"));
            var response = await client.ReadFinalResponseAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(response);
            Assert.StartsWith("SIP/2.0 488 ", response, StringComparison.Ordinal);
            await client.SendAsync(Ack(client.LocalPort, "mki-1", ToTag(response), ofFailure: true));
        }

        await using (var client = await TlsSipClient.ConnectAsync(SipPort + 1, certificates.CaPem))
        {
            await client.SendAsync(Invite(client.LocalPort, "mki-2", Key));
            var response = await client.ReadFinalResponseAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(response);
            Assert.StartsWith("SIP/2.0 200 ", response, StringComparison.Ordinal);
            Assert.Matches(@"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}\r\n", response);
            var tag = ToTag(response);
            await client.SendAsync(Ack(client.LocalPort, "mki-2", tag, ofFailure: false));
            await client.SendAsync(Bye(client.LocalPort, "mki-2", tag));
            var byeAnswer = await client.ReadFinalResponseAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(byeAnswer);
            Assert.StartsWith("SIP/2.0 200 ", byeAnswer, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Key, bridge.ReadLog(), StringComparison.Ordinal);
    }

    private static string Headers(string method, int cseq, int localPort, string callId, string toTag) => $"""
        {method} sip:74713@127.0.0.1:{SipPort + 1};transport=tls SIP/2.0
        Via: SIP/2.0/TLS 127.0.0.1:{localPort};branch=z9hG4bK{callId}{method}{cseq};rport
        From: <sip:mki@127.0.0.1>;tag=from-{callId}
        To: <sip:74713@127.0.0.1>{(toTag.Length > 0 ? ";tag=" + toTag : "")}
        Call-ID: {callId}@interop.test
        CSeq: {cseq} {method}
        Contact: <sip:mki@127.0.0.1:{localPort};transport=tls>
        Max-Forwards: 70
        """;

    private static string Invite(int localPort, string callId, string inline)
    {
        var sdp = $"""
            v=0
            o=mki 1 1 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 29990 RTP/SAVP 0
            a=rtpmap:0 PCMU/8000
            a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{inline}

            """.ReplaceLineEndings("\r\n");
        return Headers("INVITE", 1, localPort, callId, "") + $"\nContent-Type: application/sdp\nContent-Length: {sdp.Length}\n\n".ReplaceLineEndings("\r\n") + sdp;
    }

    /// <summary>The ACK of a failure response belongs to the INVITE's transaction (its branch); that of a 200 is new (RFC 3261 §17.1.1.3, §13.2.2.4).</summary>
    private static string Ack(int localPort, string callId, string toTag, bool ofFailure) =>
        (ofFailure ? Headers("ACK", 1, localPort, callId, toTag).Replace("ACK1;rport", "INVITE1;rport", StringComparison.Ordinal) : Headers("ACK", 1, localPort, callId, toTag))
        + "\nContent-Length: 0\n\n";

    private static string Bye(int localPort, string callId, string toTag) => Headers("BYE", 2, localPort, callId, toTag) + "\nContent-Length: 0\n\n";

    private static string ToTag(string response) => ToTagPattern().Match(response).Groups[1].Value;

    [GeneratedRegex(@"(?im)^(?:To|t)\s*:.*;tag=([^;\s>]+)")]
    private static partial Regex ToTagPattern();
}
