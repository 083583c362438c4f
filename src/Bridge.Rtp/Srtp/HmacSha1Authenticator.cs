using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// HMAC-SHA1 message authentication of SRTP and SRTCP (RFC 3711 §4.2.1), with the digest in a stack buffer: no
/// allocation per packet. On Linux with OpenSSL's SHA1_* functions, from precomputed key states
/// (<c>HmacSha1Authenticator.OpenSsl.cs</c>); elsewhere with one reused <see cref="IncrementalHash"/>, made only then.
/// Not thread-safe.
/// </summary>
internal sealed partial class HmacSha1Authenticator : IDisposable
{
    private const int DigestLength = 20;

    private readonly IncrementalHash? _hmac;
    private readonly int _tagLength;

    /// <summary>An authenticator with the 20-octet SRTP authentication key; <paramref name="openSsl"/> false keeps to
    /// <see cref="IncrementalHash"/> even where <see cref="OpenSslSha1"/> is available (tests compare the two).</summary>
    public HmacSha1Authenticator(ReadOnlySpan<byte> authKey, int tagLength, bool openSsl = true)
    {
        _tagLength = tagLength;
        TryUseOpenSsl(authKey, openSsl);
        if (_innerState is null)
        {
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        }
    }

    public int TagLength => _tagLength;

    /// <summary>Writes the tag of <paramref name="authenticated"/> (followed by the 32-bit ROC when <paramref name="appendRoc"/>) into <paramref name="tag"/>.</summary>
    public void ComputeTag(ReadOnlySpan<byte> authenticated, uint roc, bool appendRoc, Span<byte> tag)
    {
        Span<byte> digest = stackalloc byte[DigestLength];
        Compute(authenticated, roc, appendRoc, digest);
        digest[.._tagLength].CopyTo(tag);
    }

    /// <summary>Checks <paramref name="receivedTag"/> in constant time (RFC 3711 §3.3 step 5).</summary>
    public bool Verify(ReadOnlySpan<byte> authenticated, uint roc, bool appendRoc, ReadOnlySpan<byte> receivedTag)
    {
        Span<byte> digest = stackalloc byte[DigestLength];
        Compute(authenticated, roc, appendRoc, digest);
        return receivedTag.Length == _tagLength
            && CryptographicOperations.FixedTimeEquals(digest[.._tagLength], receivedTag);
    }

    private void Compute(ReadOnlySpan<byte> authenticated, uint roc, bool appendRoc, Span<byte> digest)
    {
        if (_innerState is { } inner && _outerState is { } outer)
        {
            ComputeOpenSsl(inner, outer, authenticated, roc, appendRoc, digest);
            return;
        }

        IncrementalHash hmac = _hmac!;
        hmac.AppendData(authenticated);
        if (appendRoc)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            hmac.AppendData(rocBytes);
        }

        hmac.TryGetHashAndReset(digest, out _);
    }

    public void Dispose()
    {
        _hmac?.Dispose();
        ForgetOpenSsl();
    }
}
