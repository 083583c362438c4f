using Bridge.Web.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Api.SignIn;

/// <summary>The dashboard session as a way into the admin API: the session cookie, and <see cref="CsrfRule"/> on every call.</summary>
internal sealed class AdminSessionAuthenticator : IApiSessionAuthenticator
{
    public async ValueTask<ApiSession?> AuthenticateAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(AdminSignIn.CookieScheme).ConfigureAwait(false);
        if (!result.Succeeded || AdminSessionClaims.Caller(result.Principal) is not { } caller)
        {
            return null;
        }

        var allowed = CsrfRule.Allows(
            http.Request.Headers[CsrfRule.HeaderName].ToString(),
            result.Principal.FindFirst(AdminSessionClaims.Csrf)?.Value,
            http.Request.Headers["Sec-Fetch-Site"].ToString());
        return new ApiSession(caller, allowed);
    }
}
