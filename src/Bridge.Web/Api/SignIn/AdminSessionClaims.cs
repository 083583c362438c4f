using System.Globalization;
using System.Security.Claims;
using Bridge.Web.Api.Tokens;

namespace Bridge.Web.Api.SignIn;

/// <summary>
/// What a dashboard session keeps (in its data-protected cookie): who signed in (<c>preferred_username</c>, else <c>sub</c>,
/// OpenID Connect Core 1.0 §5.1), the scope their claims earned, the anti-CSRF token and when they signed in. Nothing else of
/// the ID token is kept (no token at all).
/// </summary>
public static class AdminSessionClaims
{
    public const string User = "bridge:user";
    public const string Scope = "bridge:scope";
    public const string Csrf = "bridge:csrf";
    public const string Since = "bridge:since";
    private const string AuthenticationType = "oidc";

    /// <summary>The scope <paramref name="provider"/>'s claims earn: admin first, then read; null when neither rule matches.</summary>
    public static ApiScope? ScopeFor(ClaimsPrincipal provider, AdminSignInOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Admin?.Matches(provider) == true)
        {
            return ApiScope.Admin;
        }

        return options.Read?.Matches(provider) == true ? ApiScope.Read : null;
    }

    /// <summary>The name a user is shown and audited by: <c>preferred_username</c>, else <c>sub</c>.</summary>
    public static string UserName(ClaimsPrincipal provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var name = provider.FindFirst("preferred_username")?.Value;
        name = string.IsNullOrWhiteSpace(name) ? provider.FindFirst("sub")?.Value : name;
        return string.IsNullOrWhiteSpace(name) ? "?" : name.Length > 128 ? name[..128] : name;
    }

    /// <summary>The session principal for a user with <paramref name="scope"/>, signed in at <paramref name="now"/>.</summary>
    public static ClaimsPrincipal Create(string user, ApiScope scope, DateTimeOffset now)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(User, user),
                new Claim(Scope, scope == ApiScope.Admin ? "admin" : "read"),
                new Claim(Csrf, CsrfRule.NewToken()),
                new Claim(Since, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            ],
            AuthenticationType,
            User,
            Scope);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The caller a session is in the API and the audit log: named <c>oidc:USER</c>, id <c>oidc</c>.</summary>
    public static ApiTokenInfo? Caller(ClaimsPrincipal session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var user = session.FindFirst(User)?.Value;
        var scope = session.FindFirst(Scope)?.Value;
        if (user is null || scope is not ("admin" or "read"))
        {
            return null;
        }

        return new ApiTokenInfo("oidc", "oidc:" + user, scope == "admin" ? ApiScope.Admin : ApiScope.Read, SignedInAt(session) ?? DateTimeOffset.UnixEpoch);
    }

    /// <summary>When the session began (for its absolute lifetime).</summary>
    public static DateTimeOffset? SignedInAt(ClaimsPrincipal session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return long.TryParse(session.FindFirst(Since)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }
}
