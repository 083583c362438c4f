using System.Security.Cryptography;

namespace Bridge.Sip.Transactions;

/// <summary>Random branch (RFC 3261 §8.1.1.7, magic cookie "z9hG4bK"), tag (§19.3) and Call-ID (§8.1.1.4) values.</summary>
internal static class SipIdentifiers
{
    /// <summary>The RFC 3261 branch magic cookie.</summary>
    public const string MagicCookie = "z9hG4bK";

    public static string NewBranch() => MagicCookie + Random(10);

    public static string NewTag() => Random(8);

    public static string NewCallId(string host) => Random(16) + "@" + host;

    private static string Random(int bytes)
    {
        Span<byte> buffer = stackalloc byte[16];
        RandomNumberGenerator.Fill(buffer[..bytes]);
        return Convert.ToHexStringLower(buffer[..bytes]);
    }
}
