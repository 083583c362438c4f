using System.Security.Claims;
using Bridge.Web.Api.SignIn;
using Bridge.Web.Api.Tokens;
using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Tests.Api.SignIn;

/// <summary>Which scope an ID token's claims earn, the name a session goes by, and the session cookie's name on HTTP and HTTPS.</summary>
public sealed class AdminSessionClaimsTests
{
    private static readonly AdminSignInOptions Options = new()
    {
        Authority = new Uri("https://sso.example.com"),
        ClientId = "bridge",
        ClientSecret = "x",
        Admin = new ClaimRule("groups", ["bridge-admins"]),
        Read = new ClaimRule("groups", ["staff", "ops"]),
    };

    private static ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    [Fact]
    public void Admin_wins_over_read_read_is_read_and_no_match_is_nothing()
    {
        Assert.Equal(ApiScope.Admin, AdminSessionClaims.ScopeFor(Provider(("groups", "staff"), ("groups", "bridge-admins")), Options));
        Assert.Equal(ApiScope.Read, AdminSessionClaims.ScopeFor(Provider(("groups", "ops")), Options));
        Assert.Null(AdminSessionClaims.ScopeFor(Provider(("groups", "guests")), Options));
        Assert.Null(AdminSessionClaims.ScopeFor(Provider(("roles", "bridge-admins")), Options)); // another claim
        Assert.Null(AdminSessionClaims.ScopeFor(Provider(("groups", "Bridge-Admins")), Options)); // values match exactly
    }

    [Fact]
    public void The_user_is_preferred_username_else_sub()
    {
        Assert.Equal("ada", AdminSessionClaims.UserName(Provider(("sub", "f00"), ("preferred_username", "ada"))));
        Assert.Equal("f00", AdminSessionClaims.UserName(Provider(("sub", "f00"))));
        Assert.Equal("?", AdminSessionClaims.UserName(Provider()));
    }

    [Fact]
    public void A_session_is_the_caller_oidc_user_with_its_scope()
    {
        var session = AdminSessionClaims.Create("ada", ApiScope.Read, new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
        var caller = AdminSessionClaims.Caller(session)!;
        Assert.Equal("oidc:ada", caller.Name);
        Assert.Equal("oidc", caller.Id);
        Assert.Equal(ApiScope.Read, caller.Scope);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero), AdminSessionClaims.SignedInAt(session));
        Assert.Null(AdminSessionClaims.Caller(Provider(("sub", "x"))));
    }

    [Theory]
    [InlineData(true, "__Host-bridge-admin=v")]
    [InlineData(false, "bridge-admin=v")]
    public void The_cookie_has_the_Host_prefix_on_https_only(bool https, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.IsHttps = https;
        new HostPrefixCookieManager().AppendResponseCookie(context, AdminSignIn.CookieName, "v", new CookieOptions { Path = "/", Secure = https });
        Assert.StartsWith(expected, context.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }
}
