using System.Text;
using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Dialogs;

/// <summary>Dial-out through a PBX that challenges (RFC 3261 §22.2, §22.3): the INVITE is sent again once with
/// credentials, in the same dialog-forming identity (Call-ID, From tag) with a higher CSeq and a new branch.</summary>
public sealed class UacDigestTests
{
    private static readonly SipUri Target = SipUri.Parse("sip:1001@198.51.100.9:5070");
    private static readonly SipUri From = SipUri.Parse("sip:7000@198.51.100.9:5070");
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly SipUserAgent _ua;

    public UacDigestTests()
    {
        _channel = new InMemoryChannel(_time);
        _ua = new SipUserAgent(_channel, _time, new SipEndpointOptions(), NullLogger.Instance);
    }

    [Theory]
    [InlineData(407, "Proxy-Authenticate", "Proxy-Authorization")]
    [InlineData(401, "WWW-Authenticate", "Authorization")]
    public async Task A_challenge_is_answered_once_with_the_same_call_id_and_a_higher_cseq(int status, string challengeHeader, string answerHeader)
    {
        var credentials = new SipCredentials("7000", () => "secret");
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), credentials, CancellationToken.None);
        var first = await InviteAsync(1);
        Deliver(Challenge(first, status, challengeHeader));

        var second = await InviteAsync(2);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.From!.Tag, second.From!.Tag);
        Assert.Equal(first.CSeq!.Value.Number + 1, second.CSeq!.Value.Number);
        Assert.NotEqual(first.TopVia!.Branch, second.TopVia!.Branch);
        Assert.Equal("offer", Encoding.UTF8.GetString(second.Body.Span));
        var answer = second.Headers[answerHeader];
        Assert.NotNull(answer);
        Assert.Contains("username=\"7000\"", answer, StringComparison.Ordinal);
        Assert.Contains("algorithm=SHA-256", answer, StringComparison.Ordinal);
        Assert.Contains("qop=auth", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", answer, StringComparison.Ordinal);
        Assert.Single(_channel.Requests(SipMethods.Ack)); // the challenge was ACKed by its transaction (§17.1.1.3)

        Deliver(SipText.ResponseTo(second, 200, body: "answer"));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsAnswered);
    }

    [Fact]
    public async Task A_second_challenge_is_the_final_answer()
    {
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), new SipCredentials("7000", () => "wrong"), CancellationToken.None);
        Deliver(Challenge(await InviteAsync(1), 407, "Proxy-Authenticate"));
        Deliver(Challenge(await InviteAsync(2), 407, "Proxy-Authenticate"));

        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(407, result.StatusCode);
        Assert.Equal(2, _channel.Requests(SipMethods.Invite).Count);
    }

    [Fact]
    public async Task Without_credentials_the_challenge_is_the_result()
    {
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), CancellationToken.None);
        Deliver(Challenge(await InviteAsync(1), 401, "WWW-Authenticate"));

        Assert.Equal(401, (await call.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Single(_channel.Requests(SipMethods.Invite));
    }

    private void Deliver(SipMessage message) => _ua.OnMessage(message, SipText.Phone);

    private async Task<SipRequest> InviteAsync(int count)
    {
        await Eventually.True(() => _channel.Requests(SipMethods.Invite).Count >= count, "INVITE " + count);
        return _channel.Requests(SipMethods.Invite)[count - 1];
    }

    private static SipResponse Challenge(SipRequest invite, int status, string header)
    {
        var response = SipText.ResponseTo(invite, status, toTag: "pbx-tag");
        response.Headers.Add(header, "Digest realm=\"pbx\", nonce=\"abc123\", qop=\"auth\", algorithm=SHA-256");
        return (SipResponse)SipText.Parse(Encoding.UTF8.GetString(response.ToBytes()));
    }
}
