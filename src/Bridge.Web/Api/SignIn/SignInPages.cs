using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Api.SignIn;

/// <summary>The few plain pages of the sign-in (no script; the host's CSP applies): refused, failed, and provider unreachable.</summary>
internal static class SignInPages
{
    public static Task WriteRefusedAsync(HttpResponse response, string user) => WriteAsync(response, StatusCodes.Status403Forbidden,
        "Not allowed",
        $"You signed in at your company's provider as \"{WebUtility.HtmlEncode(user)}\", but this account may not use the Bridge dashboard: " +
        "it has none of the claim values the bridge's configuration grants admin or read access to " +
        "(Bridge:Admin:Oidc:AdminClaim/AdminValues, ReadClaim/ReadValues). Ask the bridge's administrator.");

    public static Task WriteFailedAsync(HttpResponse response) => WriteAsync(response, StatusCodes.Status400BadRequest,
        "Sign-in failed",
        "The sign-in at your company's provider did not complete (it was cancelled, took too long, or its answer was not valid). " +
        "The bridge's log says why. Try again.");

    public static Task WriteUnreachableAsync(HttpResponse response) => WriteAsync(response, StatusCodes.Status502BadGateway,
        "Sign-in unavailable",
        "The bridge cannot reach your company's identity provider (Bridge:Admin:Oidc:Authority) or cannot read its discovery " +
        "document. The bridge's log says why. API tokens still work.");

    private static async Task WriteAsync(HttpResponse response, int status, string title, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var html = $"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bridge: {title}</title>" +
            "<link rel=\"stylesheet\" href=\"/assets/admin.css\"></head>\n" +
            $"<body><main><section class=\"card narrow\"><h1>{title}</h1><p role=\"alert\">{text}</p>" +
            "<p><a href=\"/admin\">Back to the dashboard</a></p></section></main></body></html>\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(html)).ConfigureAwait(false);
    }
}
