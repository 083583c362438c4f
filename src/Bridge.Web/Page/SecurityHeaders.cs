using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Page;

/// <summary>
/// Headers every answer of the web host carries: the CSP, no MIME sniffing, no referrer (room numbers are in the
/// path), no framing, and a permissions policy that lets only this origin use the microphone.
/// </summary>
internal static class SecurityHeaders
{
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy.For(context.Request.Host);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "microphone=(self), camera=(self), geolocation=(), payment=()";
    }

    /// <summary>Middleware: sets the headers before the response starts.</summary>
    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
