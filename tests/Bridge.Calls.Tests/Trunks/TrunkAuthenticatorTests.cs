using System.Net;
using System.Text;
using Bridge.Calls.Trunks;
using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.Trunks;

/// <summary>Issue 12: trunks declared with <c>auth: digest</c> are challenged (401), wrong credentials get 403 and count per source.</summary>
public sealed class TrunkAuthenticatorTests
{
    private const string Routes = "routes:\n  - dialled: conf\n    ask: room\n";
    private static readonly SipRemote Pbx = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5060));
    private static readonly SipRemote Stranger = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.7"), 5060));

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));

    public TrunkAuthenticatorTests() => Environment.SetEnvironmentVariable("BRIDGE_TEST_TRUNK_AUTH", "s3cret");

    [Fact]
    public void A_digest_trunk_by_address_is_challenged_then_admitted()
    {
        var auth = Authenticator("trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.1.2.3\"]\n      auth: digest\n      user: pbx1\n      password: \"${BRIDGE_TEST_TRUNK_AUTH}\"\n");

        var challenge = auth.Check(Invite(""), Pbx, Respond);
        Assert.Equal(401, challenge!.StatusCode);
        Assert.Equal(2, challenge.Headers.GetValues("WWW-Authenticate").Count);

        Assert.Null(auth.Check(Answered(challenge, "pbx1", "s3cret"), Pbx, Respond));
        Assert.Null(auth.Check(Invite(""), Stranger, Respond)); // undeclared sources keep today's behaviour
    }

    [Fact]
    public void Wrong_credentials_get_403_and_five_lock_the_source_out()
    {
        var auth = Authenticator("trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.1.2.3\"]\n      auth: digest\n      user: pbx1\n      password: \"${BRIDGE_TEST_TRUNK_AUTH}\"\n");
        for (var i = 0; i < 5; i++)
        {
            var challenge = auth.Check(Invite(""), Pbx, Respond)!;
            Assert.Equal(403, auth.Check(Answered(challenge, "pbx1", "guess" + i), Pbx, Respond)!.StatusCode);
        }

        // Locked out: even the right password gets 403 without a challenge.
        var right = Answered(ForeignChallenge(), "pbx1", "s3cret");
        Assert.Equal(403, auth.Check(right, Pbx, Respond)!.StatusCode);
        Assert.Equal(403, auth.Check(Invite(""), Pbx, Respond)!.StatusCode);
        _time.Advance(TrunkAuthFailures.Lockout + TimeSpan.FromSeconds(1));
        Assert.Equal(401, auth.Check(Invite(""), Pbx, Respond)!.StatusCode);
    }

    [Fact]
    public void A_replayed_invite_with_the_same_nonce_count_is_challenged_again_as_stale()
    {
        var auth = Authenticator("trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.1.2.3\"]\n      auth: digest\n      user: pbx1\n      password: \"${BRIDGE_TEST_TRUNK_AUTH}\"\n");
        var answered = Answered(auth.Check(Invite(""), Pbx, Respond)!, "pbx1", "s3cret");

        Assert.Null(auth.Check(answered, Pbx, Respond));
        var replay = auth.Check(answered, Pbx, Respond);

        Assert.Equal(401, replay!.StatusCode); // RFC 7616 §3.4: the same nc again is a replay
        Assert.Contains("stale=true", replay.Headers.GetValues("WWW-Authenticate")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_trunk_recognised_by_credentials_alone_challenges_undeclared_sources_and_names_the_trunk()
    {
        var auth = Authenticator("trunks:\n  - name: carrier\n    match:\n      auth: digest\n      user: carrier1\n      password: \"${BRIDGE_TEST_TRUNK_AUTH}\"\n"
            + "  - name: office\n    match:\n      addresses: [\"10.1.2.3\"]\n");

        var challenge = auth.Check(Invite(""), Stranger, Respond)!;
        Assert.Equal(401, challenge.StatusCode);
        var answered = Answered(challenge, "carrier1", "s3cret");
        Assert.Null(auth.Check(answered, Stranger, Respond));
        Assert.Equal("carrier", auth.AuthenticatedTrunk(answered, Stranger)?.Name);
        Assert.Null(auth.Check(Invite(""), Pbx, Respond)); // the office trunk is matched by address, no digest
    }

    [Fact]
    public void An_unreadable_password_refuses_the_trunk_without_a_crash()
    {
        var auth = Authenticator("trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.1.2.3\"]\n      auth: digest\n      user: pbx1\n      passwordFile: /nonexistent/bridge-pw\n");
        var challenge = auth.Check(Invite(""), Pbx, Respond)!;

        Assert.Equal(403, auth.Check(Answered(challenge, "pbx1", "anything"), Pbx, Respond)!.StatusCode);
    }

    /// <summary>A challenge from another server (a locked-out source gets none from ours); the lockout answers before any check.</summary>
    private SipResponse ForeignChallenge()
    {
        var response = SipResponse.CreateFor(Invite(""), 401);
        new SipDigestServer(new DigestNonces(_time, TimeSpan.FromMinutes(5)), TrunkAuthenticator.Realm).AddChallenges(response, stale: false);
        return response;
    }

    private TrunkAuthenticator Authenticator(string trunks)
    {
        var plan = DialPlanLoader.LoadText(trunks + Routes);
        Assert.Empty(plan.Errors);
        TrunkTable table = plan.Plan!.Trunks;
        return new TrunkAuthenticator(() => table, _time, NullLogger.Instance);
    }

    private static SipResponse Respond(SipRequest request, int status) => SipResponse.CreateFor(request, status);

    private static SipRequest Answered(SipResponse challenge, string user, string password)
    {
        var value = challenge.Headers.GetValues("WWW-Authenticate")[0];
        Assert.True(DigestParameters.TryParse(value, out var p));
        Assert.True(p.TryGetAlgorithm(out var algorithm));
        const string uri = "sip:conf@bridge";
        var response = DigestCalculator.Response(algorithm, user, p["realm"]!, password, "INVITE", uri, p["nonce"]!, "auth", "00000001", "abc");
        return Invite($"Authorization: Digest username=\"{user}\", realm=\"{p["realm"]}\", nonce=\"{p["nonce"]}\", uri=\"{uri}\", response=\"{response}\", algorithm={p["algorithm"]}, qop=auth, nc=00000001, cnonce=\"abc\"\r\n");
    }

    private static SipRequest Invite(string extra)
    {
        var text =
            "INVITE sip:conf@bridge SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bK-1\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:4711@pbx>;tag=1\r\n" +
            "To: <sip:conf@bridge>\r\n" +
            "Call-ID: c1@pbx\r\n" +
            "CSeq: 1 INVITE\r\n" +
            extra +
            "Content-Length: 0\r\n\r\n";
        return (SipRequest)SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), SipParserLimits.Default).Message!;
    }
}
