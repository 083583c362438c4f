using System.Security.Cryptography;
using System.Text;

namespace Bridge.Sip.Auth;

/// <summary>The digest computation of RFC 7616 §3.4.1 with SIP's method and Request-URI as in RFC 3261 §22.4:
/// <c>H(H(user:realm:password):nonce:nc:cnonce:qop:H(method:uri))</c> with <c>qop=auth</c>, or
/// <c>H(H(A1):nonce:H(A2))</c> without qop (RFC 2069 compatibility).</summary>
public static class DigestCalculator
{
    /// <summary>The lower-case hex response.</summary>
    public static string Response(DigestAlgorithm algorithm, string user, string realm, string password, string method, string uri, string nonce, string? qop, string? nc, string? cnonce)
    {
        var ha1 = Hash(algorithm, user + ":" + realm + ":" + password);
        var ha2 = Hash(algorithm, method + ":" + uri);
        return qop is null
            ? Hash(algorithm, ha1 + ":" + nonce + ":" + ha2)
            : Hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /// <summary>Lower-case hex of the hash of the UTF-8 text.</summary>
    public static string Hash(DigestAlgorithm algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5351 // MD5 is what RFC 3261 digest requires of peers that know nothing better
        var hash = algorithm == DigestAlgorithm.Sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares two hex responses in constant time (ignoring case).</summary>
    public static bool SameResponse(string expected, string? given)
    {
        if (given is null || given.Length != expected.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
    }
}
