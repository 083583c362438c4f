using System.Net;

namespace Bridge.DialPlans.Trunks;

/// <summary>
/// One trunk of the dial plan's <c>trunks:</c> section: a PBX or carrier whose calls are recognised (by source
/// address, TLS client certificate subject, or digest credentials), get their own limits, may carry a trusted
/// caller identity (RFC 3325 P-Asserted-Identity) and have their dialled numbers normalised. Every criterion given
/// under <c>match:</c> must hold.
/// </summary>
public sealed record TrunkConfig
{
    /// <summary>The trunk's name (unique across the plan), used in logs and as the key of its counters.</summary>
    public required string Name { get; init; }

    /// <summary>Source addresses or CIDR ranges; empty when the trunk is not recognised by address.</summary>
    public IReadOnlyList<AddressRange> Addresses { get; init; } = [];

    /// <summary>The subject distinguished name the trunk's TLS client certificate must carry, in the canonical form of
    /// <see cref="TrunkCertificateSubject.Canonical"/>; null when not matched by certificate.</summary>
    public string? CertificateSubject { get; init; }

    /// <summary>Whether the bridge challenges the trunk for digest credentials.</summary>
    public TrunkAuth Auth { get; init; }

    /// <summary>The digest username the trunk must present (with <see cref="TrunkAuth.Digest"/>).</summary>
    public string? AuthUser { get; init; }

    /// <summary>The digest password's source (with <see cref="TrunkAuth.Digest"/>).</summary>
    public SecretReference? AuthPassword { get; init; }

    /// <summary>The digest algorithms offered in challenges, most preferred first: <c>SHA-256</c> and/or <c>MD5</c>
    /// (RFC 8760 §2.4). An answer with an algorithm not in the list is refused.</summary>
    public IReadOnlyList<string> DigestAlgorithms { get; init; } = DefaultDigestAlgorithms;

    /// <summary>SHA-256, then MD5.</summary>
    public static IReadOnlyList<string> DefaultDigestAlgorithms { get; } = ["SHA-256", "MD5"];

    /// <summary>Concurrent calls through this trunk; 0 = only the bridge's total limit applies.</summary>
    public int MaxCalls { get; init; }

    /// <summary>New calls per second through this trunk (a token bucket with one second of burst); 0 = no own limit.</summary>
    public double CallsPerSecond { get; init; }

    /// <summary>Take the caller from P-Asserted-Identity (RFC 3325 §9.1) for calls from this trunk.</summary>
    public bool TrustIdentity { get; init; }

    /// <summary>Prefixes removed from the dialled number (longest first), after visual separators are removed.</summary>
    public IReadOnlyList<string> StripPrefixes { get; init; } = [];

    /// <summary>Registration of the bridge to this trunk's PBX, or null.</summary>
    public TrunkRegistration? Register { get; init; }

    /// <summary>Which numbers a moderator may call through this trunk; null = no dial-out through it.</summary>
    public DialOutPolicy? DialOut { get; init; }

    /// <summary>Where the trunk was defined (<c>file:line</c>), for messages.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Whether a request from <paramref name="address"/> (with the TLS client certificate subject
    /// <paramref name="certificateSubject"/>, null over UDP/TCP) meets the address and certificate criteria. A trunk
    /// recognised by digest credentials alone never matches here.</summary>
    public bool Matches(IPAddress address, string? certificateSubject)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Addresses.Count == 0 && CertificateSubject is null)
        {
            return false;
        }

        if (CertificateSubject is not null
            && (certificateSubject is null || !string.Equals(CertificateSubject, TrunkCertificateSubject.Canonical(certificateSubject), StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (Addresses.Count == 0)
        {
            return true;
        }

        foreach (var range in Addresses)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The dialled user part as routes see it: RFC 3966 §5.1.1 visual separators (<c>-</c> <c>.</c> <c>(</c> <c>)</c>
    /// and spaces) removed, then the longest matching <see cref="StripPrefixes"/> entry removed, so
    /// <c>+497111234-4711</c> with <c>stripPrefix: "+49 711 1234"</c> becomes <c>4711</c>.
    /// </summary>
    public string NormalizeDialled(string dialled)
    {
        ArgumentNullException.ThrowIfNull(dialled);
        if (StripPrefixes.Count == 0 || dialled.Length > DialPlan.MaxDialledLength)
        {
            return dialled;
        }

        var compact = RemoveVisualSeparators(dialled);
        foreach (var prefix in StripPrefixes)
        {
            if (compact.Length > prefix.Length && compact.StartsWith(prefix, StringComparison.Ordinal))
            {
                return compact[prefix.Length..];
            }
        }

        return compact;
    }

    /// <summary>Removes <c>-</c> <c>.</c> <c>(</c> <c>)</c> and spaces (RFC 3966 §5.1.1 visual separators).</summary>
    internal static string RemoveVisualSeparators(string text)
    {
        if (text.AsSpan().IndexOfAny("-.() ") < 0)
        {
            return text;
        }

        return string.Create(text.Length - text.Count(IsSeparator), text, static (span, value) =>
        {
            var n = 0;
            foreach (var c in value)
            {
                if (!IsSeparator(c))
                {
                    span[n++] = c;
                }
            }
        });
    }

    private static bool IsSeparator(char c) => c is '-' or '.' or '(' or ')' or ' ';
}
