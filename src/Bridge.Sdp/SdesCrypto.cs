using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Sdp;

/// <summary>
/// One SDES <c>a=crypto</c> attribute (RFC 4568 §9.1):
/// <c>&lt;tag&gt; &lt;crypto-suite&gt; inline:&lt;base64(key||salt)&gt;[|&lt;lifetime&gt;][|&lt;MKI&gt;:&lt;length&gt;] [&lt;session-params&gt;]</c>.
/// Only the first <c>inline</c> key of a line is kept. <see cref="ToString"/> never shows key material.
/// </summary>
public sealed record SdesCrypto(int Tag, string Suite, byte[] MasterKey, byte[] MasterSalt)
{
    /// <summary>Maximum number of packets for this key (RFC 4568 §6.1), or null when not given.</summary>
    public ulong? Lifetime { get; init; }

    /// <summary>MKI value carried in each packet (RFC 3711 §3.1), when <see cref="MkiLength"/> is not 0.</summary>
    public ulong MkiValue { get; init; }

    /// <summary>MKI length in bytes (1–128), or 0 when packets carry no MKI.</summary>
    public int MkiLength { get; init; }

    /// <summary>Session parameters (RFC 4568 §6.3) as written, e.g. <c>UNENCRYPTED_SRTCP</c>, <c>KDR=0</c>, <c>WSH=64</c>.</summary>
    public IReadOnlyList<string> SessionParameters { get; init; } = [];

    /// <summary>Makes a fresh key and salt for <paramref name="suite"/> from <see cref="RandomNumberGenerator"/> (RFC 4568 §6.1: keys must be random).</summary>
    /// <exception cref="ArgumentException">The suite is unknown.</exception>
    public static SdesCrypto Generate(int tag, string suite)
    {
        if (!SrtpSuite.TryGetKeyLengths(suite, out int keyLength, out int saltLength))
        {
            throw new ArgumentException("Unknown SRTP crypto suite.", nameof(suite));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(tag);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tag, 999_999_999);
        return new SdesCrypto(tag, suite, RandomNumberGenerator.GetBytes(keyLength), RandomNumberGenerator.GetBytes(saltLength));
    }

    /// <summary>
    /// Parses the value of an <c>a=crypto</c> attribute (text after <c>crypto:</c>). Fails for unknown suites,
    /// key methods other than <c>inline</c>, and keys whose decoded length does not fit the suite.
    /// </summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdesCrypto? crypto, out string? error)
    {
        crypto = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "empty crypto attribute";
            return false;
        }

        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            error = "crypto attribute needs tag, suite and key parameters";
            return false;
        }

        // RFC 4568 §9.1: tag = 1*9DIGIT
        if (parts[0].Length > 9 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int tag))
        {
            error = "crypto tag is not a number of 1 to 9 digits";
            return false;
        }

        string suite = parts[1];
        if (!SrtpSuite.TryGetKeyLengths(suite, out int keyLength, out int saltLength))
        {
            error = "unknown crypto suite";
            return false;
        }

        // Several keys may be given separated by ';' (RFC 4568 §9.2); the first one is used.
        string keyParam = parts[2];
        int semicolon = keyParam.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            keyParam = keyParam[..semicolon];
        }

        if (!keyParam.StartsWith("inline:", StringComparison.OrdinalIgnoreCase))
        {
            error = "only the inline key method is supported";
            return false;
        }

        string[] keyInfo = keyParam["inline:".Length..].Split('|');
        if (keyInfo.Length > 3)
        {
            error = "too many fields in inline key";
            return false;
        }

        byte[] material = new byte[keyLength + saltLength];
        if (!Convert.TryFromBase64String(keyInfo[0], material, out int written) || written != material.Length)
        {
            error = "inline key is not base64 of key||salt of the suite's length";
            return false;
        }

        ulong? lifetime = null;
        ulong mkiValue = 0;
        int mkiLength = 0;
        for (int i = 1; i < keyInfo.Length; i++)
        {
            string field = keyInfo[i];
            if (field.Contains(':', StringComparison.Ordinal))
            {
                if (!TryParseMki(field, out mkiValue, out mkiLength))
                {
                    error = "malformed MKI";
                    return false;
                }
            }
            else if (i == 1 && TryParseLifetime(field, out ulong parsedLifetime))
            {
                lifetime = parsedLifetime;
            }
            else
            {
                error = "malformed key lifetime";
                return false;
            }
        }

        string[] sessionParameters = parts.Length > 3 ? parts[3..] : [];
        crypto = new SdesCrypto(tag, suite, material[..keyLength], material[keyLength..])
        {
            Lifetime = lifetime,
            MkiValue = mkiValue,
            MkiLength = mkiLength,
            SessionParameters = sessionParameters,
        };
        error = null;
        return true;
    }

    /// <summary>The attribute value (text after <c>a=crypto:</c>), with the key in base64.</summary>
    public string ToAttributeValue()
    {
        byte[] material = new byte[MasterKey.Length + MasterSalt.Length];
        MasterKey.CopyTo(material, 0);
        MasterSalt.CopyTo(material, MasterKey.Length);
        var text = new StringBuilder(96);
        text.Append(Tag.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Suite).Append(" inline:").Append(Convert.ToBase64String(material));
        CryptographicOperations.ZeroMemory(material);
        if (Lifetime is ulong lifetime)
        {
            text.Append('|');
            if (lifetime != 0 && (lifetime & (lifetime - 1)) == 0)
            {
                text.Append("2^").Append(System.Numerics.BitOperations.Log2(lifetime).ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(lifetime.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (MkiLength != 0)
        {
            text.Append('|').Append(MkiValue.ToString(CultureInfo.InvariantCulture)).Append(':').Append(MkiLength.ToString(CultureInfo.InvariantCulture));
        }

        foreach (string parameter in SessionParameters)
        {
            text.Append(' ').Append(parameter);
        }

        return text.ToString();
    }

    /// <summary>Tag and suite only: key material must never reach a log.</summary>
    public override string ToString() => $"crypto tag={Tag} suite={Suite} key=<redacted>";

    private static bool TryParseLifetime(string text, out ulong lifetime)
    {
        lifetime = 0;
        if (text.StartsWith("2^", StringComparison.Ordinal))
        {
            if (!int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int exponent) || exponent is < 0 or > 63)
            {
                return false;
            }

            lifetime = 1UL << exponent;
            return true;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out lifetime) && lifetime != 0;
    }

    private static bool TryParseMki(string text, out ulong value, out int length)
    {
        length = 0;
        value = 0;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        return ulong.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length)
            && length is >= 1 and <= 128
            && (length >= 8 || value < (1UL << (8 * length)));
    }
}
