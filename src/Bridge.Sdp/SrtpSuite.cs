namespace Bridge.Sdp;

/// <summary>
/// SRTP crypto-suite names used in <c>a=crypto</c> (RFC 4568 §6.2, RFC 6188 §7 for AES-192/256,
/// RFC 7714 §14.2 for AEAD GCM) with their master key and master salt lengths in bytes.
/// </summary>
public static class SrtpSuite
{
    /// <summary>AES-128 counter mode, HMAC-SHA1 80-bit tag (RFC 4568 §6.2.1).</summary>
    public const string AesCm128HmacSha1_80 = "AES_CM_128_HMAC_SHA1_80";

    /// <summary>AES-128 counter mode, HMAC-SHA1 32-bit tag (RFC 4568 §6.2.2).</summary>
    public const string AesCm128HmacSha1_32 = "AES_CM_128_HMAC_SHA1_32";

    /// <summary>AES-192 counter mode, HMAC-SHA1 80-bit tag (RFC 6188 §7.1).</summary>
    public const string Aes192CmHmacSha1_80 = "AES_192_CM_HMAC_SHA1_80";

    /// <summary>AES-192 counter mode, HMAC-SHA1 32-bit tag (RFC 6188 §7.1).</summary>
    public const string Aes192CmHmacSha1_32 = "AES_192_CM_HMAC_SHA1_32";

    /// <summary>AES-256 counter mode, HMAC-SHA1 80-bit tag (RFC 6188 §7.1).</summary>
    public const string Aes256CmHmacSha1_80 = "AES_256_CM_HMAC_SHA1_80";

    /// <summary>AES-256 counter mode, HMAC-SHA1 32-bit tag (RFC 6188 §7.1).</summary>
    public const string Aes256CmHmacSha1_32 = "AES_256_CM_HMAC_SHA1_32";

    /// <summary>AES-128 GCM with a 16-byte tag (RFC 7714 §14.2).</summary>
    public const string AeadAes128Gcm = "AEAD_AES_128_GCM";

    /// <summary>AES-256 GCM with a 16-byte tag (RFC 7714 §14.2).</summary>
    public const string AeadAes256Gcm = "AEAD_AES_256_GCM";

    /// <summary>AES-128 f8 mode, HMAC-SHA1 80-bit tag (RFC 4568 §6.2.3).</summary>
    public const string F8_128HmacSha1_80 = "F8_128_HMAC_SHA1_80";

    /// <summary>The suites offered and accepted by default, most preferred first.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [AesCm128HmacSha1_80, AesCm128HmacSha1_32, AeadAes128Gcm, Aes256CmHmacSha1_80];

    /// <summary>Master key and salt lengths of a known suite; false for names this library does not know.</summary>
    public static bool TryGetKeyLengths(string suite, out int keyLength, out int saltLength)
    {
        ArgumentNullException.ThrowIfNull(suite);
        (keyLength, saltLength) = suite switch
        {
            AesCm128HmacSha1_80 or AesCm128HmacSha1_32 or F8_128HmacSha1_80 => (16, 14),
            Aes192CmHmacSha1_80 or Aes192CmHmacSha1_32 => (24, 14),
            Aes256CmHmacSha1_80 or Aes256CmHmacSha1_32 => (32, 14),
            AeadAes128Gcm => (16, 12),
            AeadAes256Gcm => (32, 12),
            _ => (0, 0),
        };
        return keyLength != 0;
    }
}
