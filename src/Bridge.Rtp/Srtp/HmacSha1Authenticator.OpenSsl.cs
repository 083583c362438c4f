using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// HMAC-SHA1 (RFC 2104 §2) on <see cref="OpenSslSha1"/>: SHA-1's states after K XOR ipad and after K XOR opad are kept,
/// and each tag copies them instead of hashing the key blocks again.
/// </summary>
internal sealed partial class HmacSha1Authenticator
{
    private byte[]? _innerState;
    private byte[]? _outerState;

    /// <summary>Precomputes the two key states when <see cref="OpenSslSha1"/> is available and allowed.</summary>
    private void TryUseOpenSsl(ReadOnlySpan<byte> authKey, bool allowed)
    {
        if (!allowed || !OpenSslSha1.IsAvailable)
        {
            return;
        }

        Span<byte> key = stackalloc byte[OpenSslSha1.BlockSize];
        key.Clear();
        if (authKey.Length > OpenSslSha1.BlockSize)
        {
            SHA1.HashData(authKey, key); // RFC 2104 §2: a longer key is hashed first
        }
        else
        {
            authKey.CopyTo(key);
        }

        _innerState = KeyState(key, 0x36);
        _outerState = KeyState(key, 0x5c);
        CryptographicOperations.ZeroMemory(key);

    }

    private static byte[] KeyState(Span<byte> key, byte pad)
    {
        Span<byte> block = stackalloc byte[OpenSslSha1.BlockSize];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = (byte)(key[i] ^ pad);
        }

        var state = new byte[OpenSslSha1.ContextSize];
        OpenSslSha1.Init(state);
        OpenSslSha1.Update(state, block);
        CryptographicOperations.ZeroMemory(block);
        return state;
    }

    /// <summary>SHA1(K ^ opad || SHA1(K ^ ipad || authenticated [|| ROC])) into <paramref name="digest"/>.</summary>
    private void ComputeOpenSsl(byte[] innerState, byte[] outerState, ReadOnlySpan<byte> authenticated, uint roc, bool appendRoc, Span<byte> digest)
    {
        Span<byte> work = stackalloc byte[OpenSslSha1.ContextSize];
        innerState.CopyTo(work);
        OpenSslSha1.Update(work, authenticated);
        if (appendRoc)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            OpenSslSha1.Update(work, rocBytes);
        }

        OpenSslSha1.Final(work, digest);
        outerState.CopyTo(work);
        OpenSslSha1.Update(work, digest[..OpenSslSha1.DigestSize]);
        OpenSslSha1.Final(work, digest);
        CryptographicOperations.ZeroMemory(work);
    }

    private void ForgetOpenSsl()
    {
        if (_innerState is not null)
        {
            CryptographicOperations.ZeroMemory(_innerState);
        }

        if (_outerState is not null)
        {
            CryptographicOperations.ZeroMemory(_outerState);
        }
    }
}
