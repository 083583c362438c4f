using System.Runtime.InteropServices;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>
/// P/Invoke into the reference implementation, Debian's libsrtp 2.5 (<c>libsrtp2.so.1</c>). Entry points and
/// the <c>srtp_policy_t</c> layout follow libsrtp 2.x <c>include/srtp.h</c>. A missing library fails the
/// tests with <see cref="DllNotFoundException"/>; it is never skipped.
/// </summary>
internal static unsafe partial class LibSrtpNative
{
    public const string Library = "libsrtp2.so.1";

    /// <summary>srtp_err_status_ok.</summary>
    public const int Ok = 0;

    /// <summary>srtp_ssrc_type_t values.</summary>
    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    /// <summary>srtp_sec_serv_t: authentication only (SRTCP with E = 0).</summary>
    public const int SecServAuth = 2;

    /// <summary>
    /// Offsets in srtp_policy_t on LP64: ssrc {type, value} 0..8; rtp and rtcp srtp_crypto_policy_t
    /// (six 32-bit fields each) at 8 and 32; key* 56; keys** 64; num_master_keys 72; deprecated_ekt 80;
    /// window_size 88; allow_repeat_tx 96; enc_xtn_hdr* 104; enc_xtn_hdr_count 112; next* 120.
    /// </summary>
    public const int PolicySize = 128;
    public const int SsrcTypeOffset = 0;
    public const int RtpPolicyOffset = 8;
    public const int RtcpPolicyOffset = 32;
    public const int SecServOffsetInCryptoPolicy = 20;
    public const int KeyOffset = 56;
    public const int WindowSizeOffset = 88;
    public const int AllowRepeatTxOffset = 96;
    public const int NextOffset = 120;

    [LibraryImport(Library, EntryPoint = "srtp_init")]
    public static partial int Init();

    [LibraryImport(Library, EntryPoint = "srtp_get_version_string")]
    public static partial IntPtr GetVersionString();

    [LibraryImport(Library, EntryPoint = "srtp_create")]
    public static partial int Create(out IntPtr session, IntPtr policy);

    [LibraryImport(Library, EntryPoint = "srtp_dealloc")]
    public static partial int Dealloc(IntPtr session);

    [LibraryImport(Library, EntryPoint = "srtp_protect")]
    public static partial int Protect(IntPtr session, byte* packet, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect")]
    public static partial int Unprotect(IntPtr session, byte* packet, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_protect_rtcp")]
    public static partial int ProtectRtcp(IntPtr session, byte* packet, ref int length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect_rtcp")]
    public static partial int UnprotectRtcp(IntPtr session, byte* packet, ref int length);

    /// <summary>srtp_crypto_policy_set_rtp_default = AES_CM_128_HMAC_SHA1_80 (srtp.h maps the _80 name to it).</summary>
    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_rtp_default")]
    public static partial void SetAesCm128HmacSha1Tag80(IntPtr cryptoPolicy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32")]
    public static partial void SetAesCm128HmacSha1Tag32(IntPtr cryptoPolicy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80")]
    public static partial void SetAesCm256HmacSha1Tag80(IntPtr cryptoPolicy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32")]
    public static partial void SetAesCm256HmacSha1Tag32(IntPtr cryptoPolicy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_gcm_128_16_auth")]
    public static partial void SetAesGcm128Tag16(IntPtr cryptoPolicy);

    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_gcm_256_16_auth")]
    public static partial void SetAesGcm256Tag16(IntPtr cryptoPolicy);
}
