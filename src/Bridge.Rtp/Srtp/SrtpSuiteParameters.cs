using SdesSuite = Bridge.Sdp.SrtpSuite;

namespace Bridge.Rtp.Srtp;

/// <summary>Key, salt and tag sizes of one <see cref="SrtpSuite"/>, in octets.</summary>
/// <param name="MasterKeyLength">Master key and session encryption key length.</param>
/// <param name="MasterSaltLength">Master salt and session salt length: 14 for AES-CM (RFC 3711 §8.2), 12 for GCM (RFC 7714 §12).</param>
/// <param name="AuthKeyLength">HMAC-SHA1 session key length (RFC 3711 §4.2.1: 160 bits); 0 for AEAD suites.</param>
/// <param name="RtpTagLength">SRTP authentication tag length.</param>
/// <param name="RtcpTagLength">SRTCP authentication tag length.</param>
/// <param name="IsAead">True for the RFC 7714 AES-GCM suites.</param>
internal readonly record struct SrtpSuiteParameters(
    int MasterKeyLength,
    int MasterSaltLength,
    int AuthKeyLength,
    int RtpTagLength,
    int RtcpTagLength,
    bool IsAead)
{
    /// <summary>Longest salt of any suite: the AES-CM 112-bit salt (RFC 3711 §4.3.1).</summary>
    public const int MaxSaltLength = 14;

    /// <summary>Gets the parameters of a suite, or false for an undefined enum value. Key and salt lengths come from
    /// the SDP catalogue (<see cref="SdesSuite"/>); tag lengths are the cipher's own (RFC 3711 §5.2, RFC 7714 §12).</summary>
    public static bool TryGet(SrtpSuite suite, out SrtpSuiteParameters parameters)
    {
        (int authKey, int rtpTag, int rtcpTag, bool aead) = suite switch
        {
            SrtpSuite.AesCm128HmacSha1Tag80 or SrtpSuite.Aes256CmHmacSha1Tag80 => (20, 10, 10, false),
            SrtpSuite.AesCm128HmacSha1Tag32 or SrtpSuite.Aes256CmHmacSha1Tag32 => (20, 4, 10, false),
            SrtpSuite.AeadAes128Gcm or SrtpSuite.AeadAes256Gcm => (0, 16, 16, true),
            _ => (0, 0, 0, false),
        };
        if (rtpTag == 0 || !SdesSuite.TryGetKeyLengths(SrtpSuites.GetSdesName(suite), out var key, out var salt))
        {
            parameters = default;
            return false;
        }

        parameters = new(key, salt, authKey, rtpTag, rtcpTag, aead);
        return true;
    }

    /// <summary>Gets the parameters of a suite; throws for an undefined enum value (configuration time only).</summary>
    public static SrtpSuiteParameters Get(SrtpSuite suite) =>
        TryGet(suite, out var parameters)
            ? parameters
            : throw new ArgumentOutOfRangeException(nameof(suite), suite, "Unknown SRTP suite.");
}
