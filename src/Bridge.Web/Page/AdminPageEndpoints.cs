using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Web.Page;

/// <summary>
/// Serves the admin dashboard at <c>/admin</c> (issue 13): <c>admin.html</c> with <c>/assets/admin.js</c> and
/// <c>/assets/admin.css</c>, embedded like the room page and under the same security headers (strict CSP, no framing). The
/// page itself holds nothing secret: it asks for an API token, keeps it in <c>sessionStorage</c> only and sends it as a
/// bearer header to <c>/api/v1</c> (nothing in the URL); or, with <c>Bridge:Admin:Oidc</c>, it uses the sign-in session
/// (<c>Api/SignIn</c>: an HttpOnly SameSite=Strict cookie plus the anti-CSRF header from <c>GET /admin/session</c>).
/// </summary>
internal static class AdminPageEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/admin", static (HttpContext context) =>
        {
            var page = context.RequestServices.GetRequiredService<PageAssets>().Find("admin.html")!;
            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes(page.Content, page.ContentType);
        }).ExcludeFromDescription();
}
