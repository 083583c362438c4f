using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Api.SignIn;

/// <summary>
/// Names the session cookie <c>__Host-…</c> on HTTPS (RFC 6265bis §4.1.3.2: Secure, Path=/, no Domain, so no other host or
/// path can set or shadow it). On plain HTTP (a loopback test, a TLS proxy in front) a browser refuses a <c>__Host-</c> cookie
/// without Secure, so there it goes without the prefix.
/// </summary>
internal sealed class HostPrefixCookieManager : ICookieManager
{
    private const string Prefix = "__Host-";
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, Name(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) => _inner.DeleteCookie(context, Name(context, key), options);

    private static string Name(HttpContext context, string key) => context.Request.IsHttps ? Prefix + key : key;
}
