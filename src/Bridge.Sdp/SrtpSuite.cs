namespace Bridge.Sdp;

/// <summary>
/// The one catalogue of the SRTP crypto suites the bridge supports, by their <c>a=crypto</c> names (RFC 4568 §6.2,
/// RFC 6188 §7.1 for AES-256, RFC 7714 §14.1 for AEAD GCM), with their master key and master salt lengths in bytes.
/// Bridge.Rtp maps these names to its ciphers (<c>Bridge.Rtp.Srtp.SrtpSuites</c>) and takes the key lengths from here,
/// so what SDP accepts and what SRTP can run cannot disagree.
/// </summary>
public static class SrtpSuite
{
    /// <summary>AES-128 counter mode, HMAC-SHA1 80-bit tag (RFC 4568 §6.2.1).</summary>
    public const string AesCm128HmacSha1_80 = "AES_CM_128_HMAC_SHA1_80";

    /// <summary>AES-128 counter mode, HMAC-SHA1 32-bit tag (RFC 4568 §6.2.2).</summary>
    public const string AesCm128HmacSha1_32 = "AES_CM_128_HMAC_SHA1_32";

    /// <summary>AES-256 counter mode, HMAC-SHA1 80-bit tag (RFC 6188 §7.1).</summary>
    public const string Aes256CmHmacSha1_80 = "AES_256_CM_HMAC_SHA1_80";

    /// <summary>AES-256 counter mode, HMAC-SHA1 32-bit tag (RFC 6188 §7.1).</summary>
    public const string Aes256CmHmacSha1_32 = "AES_256_CM_HMAC_SHA1_32";

    /// <summary>AES-128 GCM with a 16-byte tag (RFC 7714 §14.1).</summary>
    public const string AeadAes128Gcm = "AEAD_AES_128_GCM";

    /// <summary>AES-256 GCM with a 16-byte tag (RFC 7714 §14.1).</summary>
    public const string AeadAes256Gcm = "AEAD_AES_256_GCM";

    /// <summary>Every supported suite by its registered name.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        [AesCm128HmacSha1_80, AesCm128HmacSha1_32, Aes256CmHmacSha1_80, Aes256CmHmacSha1_32, AeadAes128Gcm, AeadAes256Gcm];

    /// <summary>The suites offered and accepted by default, most preferred first.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [AesCm128HmacSha1_80, AesCm128HmacSha1_32, AeadAes128Gcm, Aes256CmHmacSha1_80];

    /// <summary>
    /// The registered name of a supported suite (names are case-sensitive, RFC 4568 §9.1), also for the spelling
    /// <c>AES_CM_256_HMAC_SHA1_*</c> that some PBXs still send from before RFC 6188; false for anything else.
    /// </summary>
    public static bool TryGetRegisteredName(ReadOnlySpan<char> name, out string registered)
    {
        registered = name switch
        {
            AesCm128HmacSha1_80 => AesCm128HmacSha1_80,
            AesCm128HmacSha1_32 => AesCm128HmacSha1_32,
            Aes256CmHmacSha1_80 or "AES_CM_256_HMAC_SHA1_80" => Aes256CmHmacSha1_80,
            Aes256CmHmacSha1_32 or "AES_CM_256_HMAC_SHA1_32" => Aes256CmHmacSha1_32,
            AeadAes128Gcm => AeadAes128Gcm,
            AeadAes256Gcm => AeadAes256Gcm,
            _ => string.Empty,
        };
        return registered.Length != 0;
    }

    /// <summary>Master key and salt lengths of a supported suite; false for names the bridge does not support.</summary>
    public static bool TryGetKeyLengths(string suite, out int keyLength, out int saltLength)
    {
        ArgumentNullException.ThrowIfNull(suite);
        TryGetRegisteredName(suite, out var registered);
        (keyLength, saltLength) = registered switch
        {
            AesCm128HmacSha1_80 or AesCm128HmacSha1_32 => (16, 14),
            Aes256CmHmacSha1_80 or Aes256CmHmacSha1_32 => (32, 14),
            AeadAes128Gcm => (16, 12),
            AeadAes256Gcm => (32, 12),
            _ => (0, 0),
        };
        return keyLength != 0;
    }
}
