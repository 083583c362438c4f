using Bridge.Sip.Auth;
using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Auth;

/// <summary>Digest (RFC 7616, RFC 8760) as the bridge's trunks use it: the RFC's own vectors, and the challenge/answer round trip.</summary>
public sealed class SipDigestServerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));

    [Theory]
    [InlineData(DigestAlgorithm.Md5, "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData(DigestAlgorithm.Sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_section_3_9_1_example(DigestAlgorithm algorithm, string expected)
    {
        var response = DigestCalculator.Response(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal(expected, response);
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5")]
    public void A_right_answer_to_either_challenge_is_valid(string algorithmName)
    {
        var server = Server();
        var challenge = Challenge(server, algorithmName);

        var verdict = server.Verify(Answer(challenge, "pbx1", "s3cret"), Passwords);

        Assert.Equal((DigestVerdict.Valid, "pbx1"), verdict);
    }

    [Fact]
    public void The_challenge_offers_SHA256_before_MD5_with_qop_auth()
    {
        var response = SipResponse.CreateFor(SipText.Request(SipMethods.Invite), 401);
        Server().AddChallenges(response, stale: false);

        var values = response.Headers.GetValues("WWW-Authenticate");
        Assert.Equal(2, values.Count);
        Assert.Contains("algorithm=SHA-256", values[0], StringComparison.Ordinal);
        Assert.Contains("algorithm=MD5", values[1], StringComparison.Ordinal);
        Assert.All(values, v => Assert.Contains("qop=\"auth\"", v, StringComparison.Ordinal));
        Assert.All(values, v => Assert.Contains("realm=\"bridge\"", v, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_offered_algorithms_are_challenged_and_accepted()
    {
        var server = Server();
        var response = SipResponse.CreateFor(SipText.Request(SipMethods.Invite), 401);
        server.AddChallenges(response, stale: false, [DigestAlgorithm.Md5]);
        Assert.Contains("algorithm=MD5", Assert.Single(response.Headers.GetValues("WWW-Authenticate")), StringComparison.Ordinal);

        var md5Answer = Answer(Challenge(server, "MD5"), "pbx1", "s3cret");
        Assert.Equal(DigestVerdict.Invalid, server.Verify(md5Answer, Passwords, [DigestAlgorithm.Sha256]).Verdict);
        Assert.Equal(DigestVerdict.Valid, server.Verify(md5Answer, Passwords, [DigestAlgorithm.Md5]).Verdict);
    }

    [Fact]
    public void Wrong_password_unknown_user_and_garbage_are_invalid_and_no_credentials_are_missing()
    {
        var server = Server();
        var challenge = Challenge(server, "SHA-256");

        Assert.Equal(DigestVerdict.Invalid, server.Verify(Answer(challenge, "pbx1", "guess"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Invalid, server.Verify(Answer(challenge, "nobody", "s3cret"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Invalid, server.Verify(SipText.Request(SipMethods.Invite, extra: "Authorization: Digest username=\"pbx1\", realm=\"bridge\"\n"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Missing, server.Verify(SipText.Request(SipMethods.Invite, extra: "Authorization: Digest realm=\"other\", username=\"x\"\n"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Missing, server.Verify(SipText.Request(SipMethods.Invite, extra: "Authorization: Basic cGJ4MTpzM2NyZXQ=\n"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Missing, server.Verify(SipText.Request(SipMethods.Invite, extra: "Authorization: Digest realm=\"bridge\", username=\"unterminated\n"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Missing, server.Verify(SipText.Request(SipMethods.Invite), Passwords).Verdict);
    }

    [Fact]
    public void An_old_nonce_or_one_from_before_a_restart_is_stale_when_the_password_is_right()
    {
        var server = Server();
        var challenge = Challenge(server, "MD5");
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(DigestVerdict.Stale, server.Verify(Answer(challenge, "pbx1", "s3cret"), Passwords).Verdict);
        Assert.Equal(DigestVerdict.Invalid, server.Verify(Answer(challenge, "pbx1", "guess"), Passwords).Verdict);

        var restarted = Server();
        var fresh = Challenge(server, "MD5");
        Assert.Equal(DigestVerdict.Stale, restarted.Verify(Answer(fresh, "pbx1", "s3cret"), Passwords).Verdict);
    }

    [Fact]
    public void Parameters_parse_quoted_and_token_values_and_refuse_repeats()
    {
        Assert.True(DigestParameters.TryParse("Digest realm=\"a, \\\"b\\\"\",nonce=xyz ,  qop=auth", out var p));
        Assert.Equal("a, \"b\"", p["realm"]);
        Assert.Equal("xyz", p["NONCE"]);
        Assert.Equal("auth", p["qop"]);
        Assert.False(DigestParameters.TryParse("Digest realm=a, realm=b", out _));
        Assert.False(DigestParameters.TryParse("Digest realm", out _));
        Assert.False(DigestParameters.TryParse("Digestrealm=a", out _));
        Assert.True(DigestParameters.TryParse("Digest algorithm=SHA-512", out var unknown));
        Assert.False(unknown.TryGetAlgorithm(out _));
    }

    private static string? Passwords(string user) => user == "pbx1" ? "s3cret" : null;

    private SipDigestServer Server() => new(new DigestNonces(_time, TimeSpan.FromMinutes(5)), "bridge");

    private static DigestParameters Challenge(SipDigestServer server, string algorithm)
    {
        var response = SipResponse.CreateFor(SipText.Request(SipMethods.Invite), 401);
        server.AddChallenges(response, stale: false);
        var value = response.Headers.GetValues("WWW-Authenticate").Single(v => v.Contains("algorithm=" + algorithm + ",", StringComparison.Ordinal));
        Assert.True(DigestParameters.TryParse(value, out var parsed));
        return parsed;
    }

    private static SipRequest Answer(DigestParameters challenge, string user, string password)
    {
        Assert.True(challenge.TryGetAlgorithm(out var algorithm));
        const string uri = "sip:4711@192.0.2.1";
        var response = DigestCalculator.Response(algorithm, user, challenge["realm"]!, password, "INVITE", uri, challenge["nonce"]!, "auth", "00000001", "c0ffee");
        return SipText.Request(SipMethods.Invite, extra:
            $"Authorization: Digest username=\"{user}\", realm=\"{challenge["realm"]}\", nonce=\"{challenge["nonce"]}\", uri=\"{uri}\", " +
            $"response=\"{response}\", algorithm={challenge["algorithm"]}, qop=auth, nc=00000001, cnonce=\"c0ffee\"\n");
    }
}
