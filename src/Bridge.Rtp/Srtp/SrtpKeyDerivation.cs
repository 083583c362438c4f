using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3.1 and §4.3.3, AES-CM PRF) with key derivation
/// rate 0, so r = 0 and session keys are derived once. The 96-bit GCM master salt (RFC 7714 §11) is
/// padded with two zero octets on the right to the 112-bit PRF input, as libsrtp does.
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>Label for the SRTP encryption key (RFC 3711 §4.3.2).</summary>
    public const byte RtpEncryption = 0x00;

    /// <summary>Label for the SRTP authentication key.</summary>
    public const byte RtpAuthentication = 0x01;

    /// <summary>Label for the SRTP salting key.</summary>
    public const byte RtpSalt = 0x02;

    /// <summary>Label for the SRTCP encryption key.</summary>
    public const byte RtcpEncryption = 0x03;

    /// <summary>Label for the SRTCP authentication key.</summary>
    public const byte RtcpAuthentication = 0x04;

    /// <summary>Label for the SRTCP salting key.</summary>
    public const byte RtcpSalt = 0x05;

    /// <summary>
    /// Fills <paramref name="output"/> with PRF_n(k_master, x) where x = (label || r) XOR master_salt
    /// and the counter-mode IV is x * 2^16 (RFC 3711 §4.3.1, §4.3.3).
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > SrtpSuiteParameters.MaxSaltLength)
        {
            throw new ArgumentException("Master salt longer than 112 bits.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);

        // key_id = label || r (r = 0 with KDR 0) is 56 bits aligned to the low end of the 112-bit salt.
        iv[7] ^= label;
        output.Clear();
        using var ctr = new AesCounterMode(masterKey);
        ctr.Apply(iv, output);
        CryptographicOperations.ZeroMemory(iv);
    }
}
