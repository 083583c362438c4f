using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>Derives session keys from master key material (RFC 3711 §4.3) and builds the matching cipher.</summary>
internal static class SrtpCipherFactory
{
    /// <summary>Creates the SRTP (labels 0, 1, 2) or SRTCP (labels 3, 4, 5) cipher of <paramref name="material"/>.</summary>
    public static SrtpCipher Create(SrtpKeyMaterial material, bool rtcp)
    {
        ArgumentNullException.ThrowIfNull(material);
        if (!material.IsValid)
        {
            throw new ArgumentException($"Key or salt length does not match {material.Suite}.", nameof(material));
        }

        var parameters = SrtpSuiteParameters.Get(material.Suite);
        Span<byte> sessionKey = stackalloc byte[parameters.MasterKeyLength];
        Span<byte> sessionSalt = stackalloc byte[parameters.MasterSaltLength];
        Span<byte> authKey = stackalloc byte[parameters.AuthKeyLength];
        var labelBase = rtcp ? SrtpKeyDerivation.RtcpEncryption : SrtpKeyDerivation.RtpEncryption;
        try
        {
            SrtpKeyDerivation.Derive(material.MasterKey, material.MasterSalt, labelBase, sessionKey);
            SrtpKeyDerivation.Derive(material.MasterKey, material.MasterSalt, (byte)(labelBase + 2), sessionSalt);
            if (parameters.IsAead)
            {
                return new AesGcmCipher(sessionKey, sessionSalt);
            }

            SrtpKeyDerivation.Derive(material.MasterKey, material.MasterSalt, (byte)(labelBase + 1), authKey);
            return new AesCmHmacSha1Cipher(
                sessionKey,
                sessionSalt,
                authKey,
                rtcp ? parameters.RtcpTagLength : parameters.RtpTagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
            CryptographicOperations.ZeroMemory(sessionSalt);
            CryptographicOperations.ZeroMemory(authKey);
        }
    }

    /// <summary>The RTP and the RTCP cipher of one direction; neither is left undisposed when the second fails.</summary>
    public static (SrtpCipher Rtp, SrtpCipher Rtcp) CreatePair(SrtpKeyMaterial material)
    {
        var rtp = Create(material, rtcp: false);
        try
        {
            return (rtp, Create(material, rtcp: true));
        }
        catch
        {
            rtp.Dispose();
            throw;
        }
    }
}
