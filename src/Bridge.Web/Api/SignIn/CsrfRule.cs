using System.Security.Cryptography;
using System.Text;

namespace Bridge.Web.Api.SignIn;

/// <summary>
/// The anti-CSRF rule for dashboard sessions (OWASP "custom request header" with a per-session token): a cookie alone never
/// authorises an API call. Every call from a session must carry <see cref="HeaderName"/> with the session's token (which the
/// dashboard reads from <c>GET /admin/session</c>), and when the browser says where the call comes from
/// (<c>Sec-Fetch-Site</c>, W3C Fetch Metadata), it must be the same origin. A form, link or image of another site can
/// set neither, and SameSite=Strict keeps the cookie off their requests anyway.
/// </summary>
public static class CsrfRule
{
    /// <summary>The header the dashboard sends.</summary>
    public const string HeaderName = "X-Bridge-CSRF";

    /// <summary>Whether a request with this header value and Sec-Fetch-Site may use a session whose token is <paramref name="expected"/>.</summary>
    public static bool Allows(string? header, string? expected, string? fetchSite)
    {
        if (!string.IsNullOrEmpty(fetchSite) && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(expected) || header.Length > 256)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>A new random token (256 bits, base64url).</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
