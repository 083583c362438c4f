namespace Bridge.Rtp.Srtp;

/// <summary>
/// SRTP crypto suites the bridge supports: RFC 4568 §6.2 (AES-CM with HMAC-SHA1), RFC 6188 §3
/// (AES-256-CM) and RFC 7714 §14 (AES-GCM). Parse the SDES names with <see cref="SrtpSuites.TryParse"/>.
/// </summary>
public enum SrtpSuite
{
    /// <summary>AES_CM_128_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 3711 default).</summary>
    AesCm128HmacSha1Tag80 = 1,

    /// <summary>AES_CM_128_HMAC_SHA1_32: as above with a 32-bit SRTP tag; SRTCP keeps 80 bits (RFC 4568 §6.2.2).</summary>
    AesCm128HmacSha1Tag32 = 2,

    /// <summary>AES_256_CM_HMAC_SHA1_80 (RFC 6188 §3).</summary>
    Aes256CmHmacSha1Tag80 = 3,

    /// <summary>AES_256_CM_HMAC_SHA1_32 (RFC 6188 §3); SRTCP keeps an 80-bit tag.</summary>
    Aes256CmHmacSha1Tag32 = 4,

    /// <summary>AEAD_AES_128_GCM: AES-128 in Galois/Counter Mode, 16-octet tag (RFC 7714).</summary>
    AeadAes128Gcm = 5,

    /// <summary>AEAD_AES_256_GCM: AES-256 in Galois/Counter Mode, 16-octet tag (RFC 7714).</summary>
    AeadAes256Gcm = 6,
}
