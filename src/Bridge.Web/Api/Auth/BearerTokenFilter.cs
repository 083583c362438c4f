using System.Globalization;
using Bridge.Web.Api.Tokens;
using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Api.Auth;

/// <summary>
/// Bearer authentication (RFC 6750 §2.1) for every admin API endpoint: no token or a wrong one gets the same 401 whatever the
/// path (no hint whether the resource exists), and counts towards the address's failure limit (then 429); a read token on an
/// action gets 403. A request without an Authorization header may instead carry a dashboard session
/// (<see cref="IApiSessionAuthenticator"/>, when OIDC sign-in is configured); one without its anti-CSRF header gets 403.
/// Errors are RFC 9457 problem+json.
/// </summary>
internal sealed class BearerTokenFilter(ApiTokenStore tokens, AuthFailureLimiter limiter, long maxBodyBytes, IApiSessionAuthenticator? sessions = null) : IEndpointFilter
{
    /// <summary>Key of the authenticated token's <see cref="ApiTokenInfo"/> in <see cref="HttpContext.Items"/>.</summary>
    public const string TokenItem = "bridge.api.token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var address = http.Connection.RemoteIpAddress;
        if (limiter.RetryAfter(address) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problems.TooManyRequests();
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        ApiTokenInfo? info;
        if (authorization.Length == 0 && sessions is not null && await sessions.AuthenticateAsync(http).ConfigureAwait(false) is { } session)
        {
            if (!session.RequestAllowed)
            {
                return Problems.SessionWithoutCsrf();
            }

            info = session.Caller;
        }
        else
        {
            info = tokens.Validate(ReadBearer(authorization));
        }

        if (info is null)
        {
            limiter.Fail(address);
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"bridge\"";
            return Problems.Unauthorized();
        }

        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope ?? ApiScope.Read;
        if (required == ApiScope.Admin && info.Scope != ApiScope.Admin)
        {
            return Problems.Forbidden();
        }

        if (http.Request.ContentLength > maxBodyBytes)
        {
            return Problems.BadRequest("The request body is too large.");
        }

        http.Items[TokenItem] = info;
        return await next(context).ConfigureAwait(false);
    }

    private static string? ReadBearer(string header)
    {
        const string scheme = "Bearer ";
        return header.Length > scheme.Length && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }
}
