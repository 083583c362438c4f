using System.Runtime.InteropServices;
using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp.LibSrtp;

/// <summary>One libsrtp session (srtp_t) for one direction, with a wildcard-SSRC policy.</summary>
internal sealed unsafe class LibSrtpSession : IDisposable
{
    private static readonly Lock InitLock = new();
    private static bool _initialized;

    private IntPtr _session;

    /// <param name="material">Master key and salt; libsrtp takes them concatenated.</param>
    /// <param name="outbound">True to protect (ssrc_any_outbound), false to unprotect (ssrc_any_inbound).</param>
    /// <param name="rtcpAuthOnly">Send SRTCP unencrypted (E = 0) but authenticated.</param>
    public LibSrtpSession(SrtpKeyMaterial material, bool outbound, bool rtcpAuthOnly = false)
    {
        EnsureInitialized();
        var policy = Marshal.AllocHGlobal(LibSrtpNative.PolicySize);
        var keyLength = material.MasterKey.Length + material.MasterSalt.Length;
        var key = Marshal.AllocHGlobal(keyLength);
        try
        {
            new Span<byte>((void*)policy, LibSrtpNative.PolicySize).Clear();
            var keySpan = new Span<byte>((void*)key, keyLength);
            material.CopyConcatenatedTo(keySpan);

            Marshal.WriteInt32(policy, LibSrtpNative.SsrcTypeOffset, outbound ? LibSrtpNative.SsrcAnyOutbound : LibSrtpNative.SsrcAnyInbound);
            SetCryptoPolicies(material.Suite, policy + LibSrtpNative.RtpPolicyOffset, policy + LibSrtpNative.RtcpPolicyOffset);
            if (rtcpAuthOnly)
            {
                Marshal.WriteInt32(policy, LibSrtpNative.RtcpPolicyOffset + LibSrtpNative.SecServOffsetInCryptoPolicy, LibSrtpNative.SecServAuth);
            }

            Marshal.WriteIntPtr(policy, LibSrtpNative.KeyOffset, key);
            Marshal.WriteInt64(policy, LibSrtpNative.WindowSizeOffset, 128);
            Marshal.WriteInt32(policy, LibSrtpNative.AllowRepeatTxOffset, 0);
            Marshal.WriteIntPtr(policy, LibSrtpNative.NextOffset, IntPtr.Zero);

            var status = LibSrtpNative.Create(out _session, policy);
            if (status != LibSrtpNative.Ok)
            {
                throw new InvalidOperationException($"srtp_create failed for {material.Suite}: status {status}");
            }
        }
        finally
        {
            new Span<byte>((void*)key, keyLength).Clear();
            Marshal.FreeHGlobal(key);
            Marshal.FreeHGlobal(policy);
        }
    }

    public static string Version
    {
        get
        {
            EnsureInitialized();
            return Marshal.PtrToStringAnsi(LibSrtpNative.GetVersionString()) ?? string.Empty;
        }
    }

    /// <summary>srtp_protect on buffer[..length]; returns the status and updates <paramref name="length"/>.</summary>
    public int Protect(byte[] buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.Protect(_session, p, ref length);
        }
    }

    public int Unprotect(byte[] buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.Unprotect(_session, p, ref length);
        }
    }

    public int ProtectRtcp(byte[] buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.ProtectRtcp(_session, p, ref length);
        }
    }

    public int UnprotectRtcp(byte[] buffer, ref int length)
    {
        fixed (byte* p = buffer)
        {
            return LibSrtpNative.UnprotectRtcp(_session, p, ref length);
        }
    }

    public void Dispose()
    {
        if (_session != IntPtr.Zero)
        {
            _ = LibSrtpNative.Dealloc(_session);
            _session = IntPtr.Zero;
        }
    }

    private static void SetCryptoPolicies(SrtpSuite suite, IntPtr rtp, IntPtr rtcp)
    {
        switch (suite)
        {
            case SrtpSuite.AesCm128HmacSha1Tag80:
                LibSrtpNative.SetAesCm128HmacSha1Tag80(rtp);
                LibSrtpNative.SetAesCm128HmacSha1Tag80(rtcp);
                break;
            case SrtpSuite.AesCm128HmacSha1Tag32:
                // RFC 4568 §6.2.2: the _32 suites keep an 80-bit SRTCP tag.
                LibSrtpNative.SetAesCm128HmacSha1Tag32(rtp);
                LibSrtpNative.SetAesCm128HmacSha1Tag80(rtcp);
                break;
            case SrtpSuite.Aes256CmHmacSha1Tag80:
                LibSrtpNative.SetAesCm256HmacSha1Tag80(rtp);
                LibSrtpNative.SetAesCm256HmacSha1Tag80(rtcp);
                break;
            case SrtpSuite.Aes256CmHmacSha1Tag32:
                LibSrtpNative.SetAesCm256HmacSha1Tag32(rtp);
                LibSrtpNative.SetAesCm256HmacSha1Tag80(rtcp);
                break;
            case SrtpSuite.AeadAes128Gcm:
                LibSrtpNative.SetAesGcm128Tag16(rtp);
                LibSrtpNative.SetAesGcm128Tag16(rtcp);
                break;
            case SrtpSuite.AeadAes256Gcm:
                LibSrtpNative.SetAesGcm256Tag16(rtp);
                LibSrtpNative.SetAesGcm256Tag16(rtcp);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(suite), suite, null);
        }
    }

    private static void EnsureInitialized()
    {
        lock (InitLock)
        {
            if (_initialized)
            {
                return;
            }

            var status = LibSrtpNative.Init();
            if (status != LibSrtpNative.Ok)
            {
                throw new InvalidOperationException($"srtp_init failed: status {status}");
            }

            _initialized = true;
        }
    }
}
