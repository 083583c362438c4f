using Bridge.Web.Api.SignIn;

namespace Bridge.Web.Tests.Api.SignIn;

/// <summary>The anti-CSRF rule of dashboard sessions: the session's token in X-Bridge-CSRF, and same-origin when the browser says.</summary>
public sealed class CsrfRuleTests
{
    private const string Token = "s3ss10n-t0ken";

    [Theory]
    [InlineData(Token, null, true)]
    [InlineData(Token, "", true)]
    [InlineData(Token, "same-origin", true)]
    [InlineData(Token, "SAME-ORIGIN", true)]
    [InlineData(Token, "same-site", false)]
    [InlineData(Token, "cross-site", false)]
    [InlineData(Token, "none", false)]
    [InlineData(null, "same-origin", false)]
    [InlineData("", "same-origin", false)]
    [InlineData("s3ss10n-t0kem", "same-origin", false)]
    [InlineData(Token + "x", "same-origin", false)]
    public void Allows_only_the_sessions_token_from_the_same_origin(string? header, string? fetchSite, bool allowed) =>
        Assert.Equal(allowed, CsrfRule.Allows(header, Token, fetchSite));

    [Fact]
    public void A_session_without_a_token_allows_nothing() => Assert.False(CsrfRule.Allows("", "", null));

    [Fact]
    public void Tokens_are_random_and_url_safe()
    {
        var first = CsrfRule.NewToken();
        var second = CsrfRule.NewToken();
        Assert.NotEqual(first, second);
        Assert.Equal(43, first.Length); // 256 bits, base64url without padding
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
    }
}
