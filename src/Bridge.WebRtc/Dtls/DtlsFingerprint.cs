using System.Security.Cryptography;
using System.Text;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP <c>a=fingerprint</c> (RFC 8122 §5, RFC 4572 §5): a hash
/// function name and the hash of the DER certificate, written as upper-case hex pairs joined by colons.
/// Only <c>sha-256</c> and <c>sha-1</c> are understood (RFC 8122 §5 requires sha-256 to be supported).
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>The hash function name of SHA-256, as written in SDP.</summary>
    public const string Sha256 = "sha-256";

    /// <summary>The hash function name of SHA-1, as written in SDP.</summary>
    public const string Sha1 = "sha-1";

    private readonly byte[] _hash;

    private DtlsFingerprint(string algorithm, byte[] hash)
    {
        Algorithm = algorithm;
        _hash = hash;
    }

    /// <summary>The hash function name in lower case: <see cref="Sha256"/> or <see cref="Sha1"/>.</summary>
    public string Algorithm { get; }

    /// <summary>The hash of the DER certificate.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>The hex pairs only, e.g. <c>AB:CD:…</c>.</summary>
    public string HexValue => FormatHex(_hash);

    /// <summary>Hashes a DER certificate with <paramref name="algorithm"/> (<see cref="Sha256"/> or <see cref="Sha1"/>).</summary>
    /// <exception cref="ArgumentException">The algorithm is not supported.</exception>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> derCertificate, string algorithm = Sha256)
    {
        var name = NormaliseAlgorithm(algorithm)
            ?? throw new ArgumentException($"Unsupported fingerprint hash '{algorithm}'.", nameof(algorithm));
        return new DtlsFingerprint(name, HashOf(name, derCertificate));
    }

    /// <summary>
    /// Parses the value of an <c>a=fingerprint</c> attribute: <c>sha-256 AB:CD:…</c> (RFC 8122 §5; the hash name is
    /// case-insensitive, the hex digits of either case).
    /// </summary>
    /// <returns>False for an unknown hash function, a malformed value or a length that does not match the hash.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        value = value.Trim();
        var space = value.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        var name = NormaliseAlgorithm(value[..space].ToString());
        var hex = value[(space + 1)..].Trim();
        if (name is null)
        {
            return false;
        }

        var length = name == Sha256 ? 32 : 20;
        if (hex.Length != (length * 3) - 1)
        {
            return false;
        }

        var hash = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var pair = hex.Slice(i * 3, 2);
            if ((i > 0 && hex[(i * 3) - 1] != ':')
                || !byte.TryParse(pair, System.Globalization.NumberStyles.AllowHexSpecifier, null, out hash[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(name, hash);
        return true;
    }

    /// <summary>True when <paramref name="derCertificate"/> hashes to this fingerprint (compared in constant time).</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> actual = stackalloc byte[_hash.Length];
        var written = Algorithm == Sha256
            ? SHA256.HashData(derCertificate, actual)
            : SHA1.HashData(derCertificate, actual);
        return written == _hash.Length && CryptographicOperations.FixedTimeEquals(actual, _hash);
    }

    /// <summary>The attribute value for SDP: <c>sha-256 AB:CD:…</c> (write it after <c>a=fingerprint:</c>).</summary>
    public override string ToString() => Algorithm + " " + HexValue;

    /// <inheritdoc />
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && _hash.AsSpan().SequenceEqual(other._hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(_hash, 0));

    private static string? NormaliseAlgorithm(string algorithm) =>
        algorithm.ToLowerInvariant() switch
        {
            Sha256 => Sha256,
            Sha1 => Sha1,
            _ => null,
        };

    private static byte[] HashOf(string algorithm, ReadOnlySpan<byte> data) =>
        algorithm == Sha256 ? SHA256.HashData(data) : SHA1.HashData(data);

    private static string FormatHex(byte[] hash)
    {
        var builder = new StringBuilder((hash.Length * 3) - 1);
        for (var i = 0; i < hash.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(hash[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
