using SdesSuite = Bridge.Sdp.SrtpSuite;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// Names and sizes of the SRTP suites: the SDES crypto-suite names of RFC 4568 §6.2, RFC 6188 §7.1 and
/// RFC 7714 §14.1 (IANA "SRTP Crypto Suite Registrations"), and the DTLS-SRTP protection profile ids
/// of RFC 5764 §4.1.2 and RFC 7714 §14.2.
/// </summary>
public static class SrtpSuites
{
    /// <summary>Parses an SDES crypto-suite name such as <c>AES_CM_128_HMAC_SHA1_80</c> (case-sensitive, RFC 4568 §9.1);
    /// the names and their spellings come from the catalogue in <see cref="SdesSuite"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out SrtpSuite suite)
    {
        SdesSuite.TryGetRegisteredName(name, out var registered);
        suite = registered switch
        {
            SdesSuite.AesCm128HmacSha1_80 => SrtpSuite.AesCm128HmacSha1Tag80,
            SdesSuite.AesCm128HmacSha1_32 => SrtpSuite.AesCm128HmacSha1Tag32,
            SdesSuite.Aes256CmHmacSha1_80 => SrtpSuite.Aes256CmHmacSha1Tag80,
            SdesSuite.Aes256CmHmacSha1_32 => SrtpSuite.Aes256CmHmacSha1Tag32,
            SdesSuite.AeadAes128Gcm => SrtpSuite.AeadAes128Gcm,
            SdesSuite.AeadAes256Gcm => SrtpSuite.AeadAes256Gcm,
            _ => default,
        };
        return suite != default;
    }

    /// <summary>The SDES (RFC 4568) name of a suite, as written in <c>a=crypto</c>.</summary>
    public static string GetSdesName(SrtpSuite suite) => suite switch
    {
        SrtpSuite.AesCm128HmacSha1Tag80 => SdesSuite.AesCm128HmacSha1_80,
        SrtpSuite.AesCm128HmacSha1Tag32 => SdesSuite.AesCm128HmacSha1_32,
        SrtpSuite.Aes256CmHmacSha1Tag80 => SdesSuite.Aes256CmHmacSha1_80,
        SrtpSuite.Aes256CmHmacSha1Tag32 => SdesSuite.Aes256CmHmacSha1_32,
        SrtpSuite.AeadAes128Gcm => SdesSuite.AeadAes128Gcm,
        SrtpSuite.AeadAes256Gcm => SdesSuite.AeadAes256Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "Unknown SRTP suite."),
    };

    /// <summary>Maps a DTLS-SRTP protection profile id (RFC 5764 §4.1.2, RFC 7714 §14.2) to a suite.</summary>
    public static bool TryFromDtlsProfile(int profile, out SrtpSuite suite)
    {
        suite = profile switch
        {
            0x0001 => SrtpSuite.AesCm128HmacSha1Tag80,
            0x0002 => SrtpSuite.AesCm128HmacSha1Tag32,
            0x0007 => SrtpSuite.AeadAes128Gcm,
            0x0008 => SrtpSuite.AeadAes256Gcm,
            _ => default,
        };
        return suite != default;
    }

    /// <summary>The DTLS-SRTP protection profile id of a suite, or false when DTLS-SRTP defines none (AES-256-CM).</summary>
    public static bool TryGetDtlsProfile(SrtpSuite suite, out int profile)
    {
        profile = suite switch
        {
            SrtpSuite.AesCm128HmacSha1Tag80 => 0x0001,
            SrtpSuite.AesCm128HmacSha1Tag32 => 0x0002,
            SrtpSuite.AeadAes128Gcm => 0x0007,
            SrtpSuite.AeadAes256Gcm => 0x0008,
            _ => 0,
        };
        return profile != 0;
    }

    /// <summary>Master key length in octets (16 or 32).</summary>
    public static int GetMasterKeyLength(SrtpSuite suite) => SrtpSuiteParameters.Get(suite).MasterKeyLength;

    /// <summary>Master salt length in octets (14 for AES-CM, 12 for AES-GCM).</summary>
    public static int GetMasterSaltLength(SrtpSuite suite) => SrtpSuiteParameters.Get(suite).MasterSaltLength;

    /// <summary>Octets SRTP adds to an RTP packet (the tag; no MKI): the room a send buffer needs after the packet.</summary>
    public static int GetRtpOverhead(SrtpSuite suite) => SrtpSuiteParameters.Get(suite).RtpTagLength;

    /// <summary>Octets SRTCP adds to an RTCP packet: the E flag and SRTCP index word plus the tag.</summary>
    public static int GetRtcpOverhead(SrtpSuite suite) => SrtpSuiteParameters.Get(suite).RtcpTagLength + 4;
}
