using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Api.Auth;

/// <summary>
/// A second way into the admin API besides bearer tokens: the dashboard's signed-in session (a cookie), registered only when
/// <c>Bridge:Admin:Oidc</c> is configured. <see cref="BearerTokenFilter"/> asks it only when a request has no Authorization header.
/// </summary>
public interface IApiSessionAuthenticator
{
    /// <summary>The session the request carries, or null when it carries none (then the request is unauthenticated as before).</summary>
    ValueTask<ApiSession?> AuthenticateAsync(HttpContext http);
}
