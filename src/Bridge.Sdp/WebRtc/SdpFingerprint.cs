using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// The SDP view of one <c>a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;</c> attribute (RFC 8122 §5, RFC 4572): the hash
/// algorithm in lower case and the certificate hash as bytes. Several may be given (RFC 8122 §5).
/// Bridge.Sdp references nothing of ours, so the DTLS layer's fingerprint (Bridge.WebRtc.Dtls.DtlsFingerprint, which
/// hashes a certificate) is passed in as <c>new SdpFingerprint(algorithm, hash)</c>.
/// </summary>
public sealed class SdpFingerprint : IEquatable<SdpFingerprint>
{
    private readonly byte[] _hash;

    /// <summary>Makes a fingerprint from an algorithm name (e.g. <c>sha-256</c>) and the certificate hash.</summary>
    public SdpFingerprint(string algorithm, ReadOnlySpan<byte> hash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        if (hash.IsEmpty)
        {
            throw new ArgumentException("empty hash", nameof(hash));
        }

        Algorithm = algorithm.ToLowerInvariant();
        _hash = hash.ToArray();
    }

    /// <summary>Hash function name in lower case (<c>sha-256</c>, <c>sha-1</c>, ...; RFC 8122 §5 Textual Names).</summary>
    public string Algorithm { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlyMemory<byte> Hash => _hash;

    /// <summary>The hash as upper-case hex pairs separated by colons (RFC 8122 §5).</summary>
    public string Value
    {
        get
        {
            var text = new StringBuilder(_hash.Length * 3);
            for (int i = 0; i < _hash.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(':');
                }

                text.Append(_hash[i].ToString("X2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }
    }

    /// <summary>The hash length in bytes for known algorithms (RFC 8122 §5), or null for others.</summary>
    public static int? HashLength(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "MD2" or "MD5" => 16,
        "SHA-1" => 20,
        "SHA-224" => 28,
        "SHA-256" => 32,
        "SHA-384" => 48,
        "SHA-512" => 64,
        _ => null,
    };

    /// <summary>
    /// Parses the value after <c>a=fingerprint:</c>. Requires one algorithm token and colon-separated hex pairs,
    /// of the right count for known algorithms. Never throws.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFingerprint? fingerprint, [NotNullWhen(false)] out string? reason)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            reason = "empty a=fingerprint";
            return false;
        }

        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            reason = "a=fingerprint must be '<hash-func> <hex pairs>'";
            return false;
        }

        string algorithm = parts[0];
        string hex = parts[1];
        if (algorithm.Length > 32 || hex.Length > 3 * 64 || (hex.Length + 1) % 3 != 0)
        {
            reason = "malformed a=fingerprint";
            return false;
        }

        var hash = new byte[(hex.Length + 1) / 3];
        for (int i = 0; i < hash.Length; i++)
        {
            int at = i * 3;
            if ((i > 0 && hex[at - 1] != ':')
                || !byte.TryParse(hex.AsSpan(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash[i]))
            {
                reason = "malformed a=fingerprint hex";
                return false;
            }
        }

        if (HashLength(algorithm) is int expected && expected != hash.Length)
        {
            reason = "a=fingerprint " + algorithm.ToLowerInvariant() + " has " + hash.Length.ToString(CultureInfo.InvariantCulture)
                + " bytes, expected " + expected.ToString(CultureInfo.InvariantCulture);
            return false;
        }

        fingerprint = new SdpFingerprint(algorithm, hash);
        reason = null;
        return true;
    }

    /// <summary>
    /// The fingerprints of a media description: its own <c>a=fingerprint</c> lines, else the session's
    /// (RFC 8122 §5). False with a reason when there are none or one is malformed.
    /// </summary>
    public static bool TryGetEffective(SessionDescription session, MediaDescription media, out IReadOnlyList<SdpFingerprint> fingerprints, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(media);
        var result = new List<SdpFingerprint>(1);
        IEnumerable<string> values = media.GetAttributes("fingerprint").Any()
            ? media.GetAttributes("fingerprint")
            : session.Attributes.Where(a => string.Equals(a.Name, "fingerprint", StringComparison.OrdinalIgnoreCase)).Select(a => a.Value ?? string.Empty);
        foreach (string value in values)
        {
            if (!TryParse(value, out SdpFingerprint? fingerprint, out reason))
            {
                fingerprints = [];
                return false;
            }

            result.Add(fingerprint);
        }

        fingerprints = result;
        if (result.Count == 0)
        {
            reason = "missing a=fingerprint (DTLS-SRTP needs the peer's certificate fingerprint, RFC 5763 §5)";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>The attribute value: <c>sha-256 AB:CD:...</c>.</summary>
    public string ToAttributeValue() => Algorithm + " " + Value;

    /// <summary>Whether <paramref name="algorithm"/> and <paramref name="hash"/> match this fingerprint (constant time on the hash).</summary>
    public bool Matches(string algorithm, ReadOnlySpan<byte> hash) =>
        string.Equals(algorithm, Algorithm, StringComparison.OrdinalIgnoreCase)
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(hash, _hash);

    /// <inheritdoc/>
    public bool Equals(SdpFingerprint? other) => other is not null && Matches(other.Algorithm, other._hash);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SdpFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Algorithm, _hash.Length, _hash[0], _hash[^1]);

    /// <summary>Same as <see cref="ToAttributeValue"/>.</summary>
    public override string ToString() => ToAttributeValue();
}
