using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.DialPlans.Trunks;

/// <summary>
/// Compares certificate subjects as distinguished names (RFC 4514), not as text: <c>CN=pbx.example.org,O=Example</c>
/// and <c>CN=pbx.example.org, O=Example</c> are the same subject.
/// </summary>
public static class TrunkCertificateSubject
{
    /// <summary>The canonical text of a distinguished name; the input unchanged (trimmed) when it cannot be parsed.</summary>
    public static string Canonical(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return TryCanonical(subject, out var canonical) ? canonical : subject.Trim();
    }

    /// <summary>Parses <paramref name="subject"/> as a distinguished name; false when it is not one.</summary>
    public static bool TryCanonical(string subject, out string canonical)
    {
        ArgumentNullException.ThrowIfNull(subject);
        canonical = string.Empty;
        if (string.IsNullOrWhiteSpace(subject) || !subject.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            var name = new X500DistinguishedName(subject.Trim());
            canonical = name.Decode(X500DistinguishedNameFlags.None);
            return canonical.Length > 0;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
