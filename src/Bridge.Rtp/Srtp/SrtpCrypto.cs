namespace Bridge.Rtp.Srtp;

/// <summary>
/// Which implementation of SRTP's ciphers and authentication this process uses, for the start-up log: the AES
/// instructions and OpenSSL's SHA-1 where the machine has them, .NET's portable classes otherwise (Windows, ARM, a
/// libcrypto without the SHA1_* functions). The portable path is slower per packet, not different on the wire.
/// </summary>
public static class SrtpCrypto
{
    /// <summary>One line, e.g. "AES-CM and AES-GCM on the AES instructions, HMAC-SHA1 on OpenSSL".</summary>
    public static string Describe()
    {
        var aes = AesNiBlockCipher.IsSupported
            ? AesNiGcm.IsSupported ? "AES-CM and AES-GCM on the AES instructions" : "AES-CM on the AES instructions, AES-GCM on .NET"
            : "AES-CM and AES-GCM on .NET (no AES instructions)";
        var hmac = OpenSslSha1.IsAvailable ? "HMAC-SHA1 on OpenSSL" : "HMAC-SHA1 on .NET (OpenSSL's SHA1_* not found)";
        return $"{aes}, {hmac}";
    }
}
