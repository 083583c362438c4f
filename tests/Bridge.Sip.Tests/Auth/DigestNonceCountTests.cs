using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Auth;

/// <summary>RFC 7616 §3.4 nonce-count on the server side: the same nc twice for one nonce is a replay and is refused
/// (challenged again as stale); a growing nc is accepted; the table is bounded.</summary>
public sealed class DigestNonceCountTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));

    [Fact]
    public void The_same_request_twice_is_a_replay_and_a_higher_count_is_accepted()
    {
        var server = new SipDigestServer(new DigestNonces(_time, TimeSpan.FromMinutes(5)), "bridge");
        var nonce = Nonce(server);

        Assert.Equal(DigestVerdict.Valid, server.Verify(Answer(nonce, "00000001"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Stale, server.Verify(Answer(nonce, "00000001"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Valid, server.Verify(Answer(nonce, "00000002"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Stale, server.Verify(Answer(nonce, "00000002"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Stale, server.Verify(Answer(nonce, "00000001"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Valid, server.Verify(Answer(Nonce(server), "00000001"), Passwords).Verdict); // a new nonce starts again
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0000000g")]
    [InlineData("00000000")]
    public void A_malformed_count_is_refused(string nc)
    {
        var counts = new DigestNonceCounts(_time, TimeSpan.FromMinutes(5));

        Assert.False(counts.TryAccept("n", nc));
        Assert.Equal(0, counts.Count);
    }

    [Fact]
    public void A_full_table_refuses_new_nonces_until_old_ones_have_expired()
    {
        var counts = new DigestNonceCounts(_time, TimeSpan.FromMinutes(5), capacity: 2);
        Assert.True(counts.TryAccept("a", "00000001"));
        Assert.True(counts.TryAccept("b", "00000001"));

        Assert.False(counts.TryAccept("c", "00000001"));
        Assert.True(counts.TryAccept("a", "00000002")); // known nonces go on

        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(counts.TryAccept("c", "00000001"));
        Assert.True(counts.TryAccept("a", "00000001")); // forgotten, but only after DigestNonces stopped accepting "a" (stale)
        Assert.Equal(2, counts.Count);
    }

    private static string? Passwords(string user) => user == "pbx1" ? "s3cret" : null;

    private static string Nonce(SipDigestServer server)
    {
        var response = SipResponse.CreateFor(SipText.Request(SipMethods.Invite), 401);
        server.AddChallenges(response, stale: false, [DigestAlgorithm.Sha256]);
        Assert.True(DigestParameters.TryParse(response.Headers.GetValues("WWW-Authenticate")[0], out var parsed));
        return parsed["nonce"]!;
    }

    private static SipRequest Answer(string nonce, string nc)
    {
        const string uri = "sip:4711@192.0.2.1";
        var response = DigestCalculator.Response(DigestAlgorithm.Sha256, "pbx1", "bridge", "s3cret", "INVITE", uri, nonce, "auth", nc, "c0ffee");
        return SipText.Request(SipMethods.Invite, extra:
            $"Authorization: Digest username=\"pbx1\", realm=\"bridge\", nonce=\"{nonce}\", uri=\"{uri}\", " +
            $"response=\"{response}\", algorithm=SHA-256, qop=auth, nc={nc}, cnonce=\"c0ffee\"\n");
    }
}
