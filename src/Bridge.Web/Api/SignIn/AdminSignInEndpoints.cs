using Bridge.Web.Api.Models;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Api.SignIn;

/// <summary>
/// The dashboard's session endpoints: <c>GET /admin/session</c> (whether OIDC sign-in is offered, and the signed-in user, scope
/// and anti-CSRF token; read by the page itself, same origin only), <c>GET /admin/signin</c> (off to the provider) and
/// <c>POST /admin/signout</c> (ends the session; needs the anti-CSRF header). Without <c>Bridge:Admin:Oidc</c> the session
/// answer says so and the other two are 404.
/// </summary>
public static class AdminSignInEndpoints
{
    public static IEndpointRouteBuilder MapAdminSignIn(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/admin/session", static async (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (http.RequestServices.GetService<AdminSignInOptions>() is null)
            {
                return Results.Json(new AdminSessionModel(Oidc: false, SignedIn: false, null, null, null));
            }

            var fetchSite = http.Request.Headers["Sec-Fetch-Site"].ToString();
            var result = await http.AuthenticateAsync(AdminSignIn.CookieScheme).ConfigureAwait(false);
            if (!result.Succeeded || AdminSessionClaims.Caller(result.Principal) is not { } caller
                || fetchSite.Length > 0 && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Json(new AdminSessionModel(Oidc: true, SignedIn: false, null, null, null));
            }

            return Results.Json(new AdminSessionModel(true, true, result.Principal.FindFirst(AdminSessionClaims.User)?.Value,
                caller.Scope == Tokens.ApiScope.Admin ? "admin" : "read", result.Principal.FindFirst(AdminSessionClaims.Csrf)?.Value));
        }).ExcludeFromDescription();

        endpoints.MapGet("/admin/signin", static async (HttpContext http) =>
        {
            if (http.RequestServices.GetService<AdminSignInOptions>() is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            try
            {
                await http.ChallengeAsync(AdminSignIn.OidcScheme, new AuthenticationProperties { RedirectUri = "/admin" }).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (!http.Response.HasStarted)
            {
                // The provider's discovery document could not be fetched or read (IDX20803 and the like).
                AdminSignIn.LogProviderUnreachable(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminSignIn)), e.Message);
                await SignInPages.WriteUnreachableAsync(http.Response).ConfigureAwait(false);
            }
        }).ExcludeFromDescription();

        endpoints.MapPost("/admin/signout", static async (HttpContext http) =>
        {
            if (http.RequestServices.GetService<AdminSignInOptions>() is null)
            {
                return Results.NotFound();
            }

            var result = await http.AuthenticateAsync(AdminSignIn.CookieScheme).ConfigureAwait(false);
            if (result.Succeeded && !CsrfRule.Allows(http.Request.Headers[CsrfRule.HeaderName].ToString(),
                    result.Principal.FindFirst(AdminSessionClaims.Csrf)?.Value, http.Request.Headers["Sec-Fetch-Site"].ToString()))
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Signing out needs the session's " + CsrfRule.HeaderName + " header.");
            }

            await http.SignOutAsync(AdminSignIn.CookieScheme).ConfigureAwait(false);
            return Results.NoContent();
        }).ExcludeFromDescription();
        return endpoints;
    }
}
