using Microsoft.AspNetCore.Http;

namespace Bridge.Web.Page;

/// <summary>
/// The page's Content-Security-Policy (CSP Level 3, W3C): everything from the bridge itself, no inline script or style,
/// no framing, and the signalling socket of the same origin named explicitly (older engines do not match ws: to 'self').
/// </summary>
internal static class ContentSecurityPolicy
{
    private const string Fixed =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
        "media-src 'self' blob: mediastream:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

    /// <summary>The policy for a request to <paramref name="host"/>; a Host header that is not a plain host[:port] adds no socket source.</summary>
    public static string For(HostString host)
    {
        var value = host.Value;
        if (string.IsNullOrEmpty(value) || !IsPlainHost(value))
        {
            return Fixed;
        }

        return $"{Fixed} ws://{value} wss://{value}";
    }

    private static bool IsPlainHost(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
            {
                return false;
            }
        }

        return true;
    }
}
