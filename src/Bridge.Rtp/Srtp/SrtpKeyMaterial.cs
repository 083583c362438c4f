using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// A master key and master salt for one direction (RFC 3711 §3.2.1), as carried in an SDES
/// <c>inline:</c> key-params (RFC 4568 §6.1) or exported from DTLS-SRTP (RFC 5764 §4.2).
/// MKI is not supported: one master key per direction, and re-keying is a new <see cref="SrtpSession"/>.
/// </summary>
public sealed record SrtpKeyMaterial(SrtpSuite Suite, byte[] MasterKey, byte[] MasterSalt)
{
    /// <summary>Splits the concatenated key||salt of an SDES <c>inline:</c> value (after base64 decoding).</summary>
    /// <returns>False when the length does not match the suite.</returns>
    public static bool TryFromConcatenated(SrtpSuite suite, ReadOnlySpan<byte> keyAndSalt, out SrtpKeyMaterial? material)
    {
        material = null;
        if (!SrtpSuiteParameters.TryGet(suite, out var parameters)
            || keyAndSalt.Length != parameters.MasterKeyLength + parameters.MasterSaltLength)
        {
            return false;
        }

        material = new SrtpKeyMaterial(
            suite,
            keyAndSalt[..parameters.MasterKeyLength].ToArray(),
            keyAndSalt[parameters.MasterKeyLength..].ToArray());
        return true;
    }

    /// <summary>
    /// Splits DTLS-SRTP keying material (RFC 5764 §4.2: client_write_key || server_write_key ||
    /// client_write_salt || server_write_salt, exported with the label "EXTRACTOR-dtls_srtp") into the
    /// bridge's send and receive keys. The DTLS server sends with the server keys.
    /// </summary>
    /// <returns>False when the length is not 2 × (key + salt) of the suite.</returns>
    public static bool TrySplitDtlsKeyingMaterial(
        SrtpSuite suite,
        ReadOnlySpan<byte> keyingMaterial,
        bool isDtlsServer,
        out SrtpKeyMaterial? send,
        out SrtpKeyMaterial? receive)
    {
        send = null;
        receive = null;
        if (!SrtpSuiteParameters.TryGet(suite, out var parameters)
            || keyingMaterial.Length != 2 * (parameters.MasterKeyLength + parameters.MasterSaltLength))
        {
            return false;
        }

        var keyLength = parameters.MasterKeyLength;
        var saltLength = parameters.MasterSaltLength;
        var client = new SrtpKeyMaterial(
            suite,
            keyingMaterial[..keyLength].ToArray(),
            keyingMaterial.Slice(2 * keyLength, saltLength).ToArray());
        var server = new SrtpKeyMaterial(
            suite,
            keyingMaterial.Slice(keyLength, keyLength).ToArray(),
            keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength).ToArray());
        send = isDtlsServer ? server : client;
        receive = isDtlsServer ? client : server;
        return true;
    }

    /// <summary>Creates fresh random key material for an SDES offer or answer (RFC 4568 §6.1: keys from a CSPRNG).</summary>
    public static SrtpKeyMaterial Generate(SrtpSuite suite)
    {
        var parameters = SrtpSuiteParameters.Get(suite);
        return new SrtpKeyMaterial(
            suite,
            RandomNumberGenerator.GetBytes(parameters.MasterKeyLength),
            RandomNumberGenerator.GetBytes(parameters.MasterSaltLength));
    }

    /// <summary>Writes key||salt (the SDES <c>inline:</c> value before base64 encoding) and returns its length.</summary>
    public int CopyConcatenatedTo(Span<byte> destination)
    {
        MasterKey.CopyTo(destination);
        MasterSalt.CopyTo(destination[MasterKey.Length..]);
        return MasterKey.Length + MasterSalt.Length;
    }

    /// <summary>True when the suite is known and the key and salt lengths match it.</summary>
    public bool IsValid =>
        SrtpSuiteParameters.TryGet(Suite, out var parameters)
        && MasterKey is not null
        && MasterSalt is not null
        && MasterKey.Length == parameters.MasterKeyLength
        && MasterSalt.Length == parameters.MasterSaltLength;

    /// <summary>Names the suite only: key material must never reach a log.</summary>
    public override string ToString() => $"SrtpKeyMaterial {{ Suite = {Suite} }}";
}
