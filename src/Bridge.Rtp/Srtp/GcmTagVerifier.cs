using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// Checks an AES-GCM tag (NIST SP 800-38D §7.2, 96-bit IV: J0 = IV || 0^31 || 1) without decrypting and without an
/// exception: GHASH over the AAD and the ciphertext with a 4-bit table of multiples of H (Shoup's method), XOR E_K(J0),
/// compared in constant time. <see cref="AesGcm.Decrypt"/> throws for a forged packet, which costs an exception object
/// and microseconds per packet; checked here first, a forged packet is refused allocation-free, and an accepted one is
/// decrypted here too (<see cref="Decrypt"/>: counter mode, no second tag computation). Not thread-safe: one
/// instance per receiving path (SRTP and SRTCP may run on two threads). Where the CPU has a carry-less multiply
/// (PCLMULQDQ), GHASH uses it (<c>GcmTagVerifier.Carryless.cs</c>): the table walk costs about 30 ns per 16-octet block,
/// which made the tag check most of a video packet's receive cost.
/// </summary>
internal sealed partial class GcmTagVerifier : IDisposable
{
    /// <summary>The reduction of the 4 bits shifted out at each step (x^128 = x^7 + x^2 + x + 1, bit-reflected).</summary>
    private static readonly ulong[] Last4 =
    [
        0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
        0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0,
    ];

    private readonly ulong[] _high = new ulong[16];
    private readonly ulong[] _low = new ulong[16];
    private readonly AesCounterMode _aes;
    private readonly byte[] _counter = new byte[16];
    private readonly byte[] _keystream = new byte[16];

    /// <summary>Derives H = E_K(0^128) and its table from the session key (16 or 32 octets); <paramref name="carryless"/>
    /// false keeps to the table even where the CPU could multiply (tests compare the two).</summary>
    public GcmTagVerifier(ReadOnlySpan<byte> key, bool carryless = true)
    {
        _aes = new AesCounterMode(key);
        _aes.Apply(_counter, _keystream.AsSpan(0, 16)); // E_K(0^128): the counter block 0^128's keystream
        ulong hh = BinaryPrimitives.ReadUInt64BigEndian(_keystream);
        ulong hl = BinaryPrimitives.ReadUInt64BigEndian(_keystream.AsSpan(8));
        BuildTable(hh, hl);
        UseCarryless(carryless, hh, hl);
        CryptographicOperations.ZeroMemory(_keystream);
    }

    /// <summary>True when <paramref name="tag"/> (16 octets) is the GCM tag of <paramref name="aad"/> and <paramref name="ciphertext"/> under the 12-octet <paramref name="nonce"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        ulong yh = 0;
        ulong yl = 0;
        Absorb(aad, ref yh, ref yl);
        Absorb(ciphertext, ref yh, ref yl);
        yh ^= (ulong)aad.Length * 8;
        yl ^= (ulong)ciphertext.Length * 8;
        Multiply(ref yh, ref yl);

        // E_K(J0), J0 = nonce || 0^31 || 1: block 1 of the keystream from nonce || 0^32.
        nonce.CopyTo(_counter);
        Span<byte> j0 = _keystream.AsSpan(0, 16);
        j0.Clear();
        _aes.Apply(_counter, j0, firstBlock: 1);
        Span<byte> expected = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(expected, yh ^ BinaryPrimitives.ReadUInt64BigEndian(j0));
        BinaryPrimitives.WriteUInt64BigEndian(expected[8..], yl ^ BinaryPrimitives.ReadUInt64BigEndian(j0[8..]));
        return CryptographicOperations.FixedTimeEquals(expected, tag[..16]);
    }

    /// <summary>
    /// Decrypts <paramref name="data"/> in place after <see cref="Verify"/> accepted its tag: GCM's payload is AES-CTR
    /// from the counter block after J0 (SP 800-38D §7.2: inc32(J0) = nonce || 0^30 || 10), so the tag is not computed twice.
    /// </summary>
    public void Decrypt(ReadOnlySpan<byte> nonce, Span<byte> data)
    {
        nonce.CopyTo(_counter);
        _aes.Apply(_counter, data, firstBlock: 2);
    }

    public void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
        Array.Clear(_high);
        Array.Clear(_low);
        ForgetCarryless();
    }

    /// <summary>Y = (Y ^ block) · H for each 16-octet block of <paramref name="data"/>, the last one zero-padded.</summary>
    private void Absorb(ReadOnlySpan<byte> data, ref ulong yh, ref ulong yl)
    {
        while (data.Length >= 16)
        {
            yh ^= BinaryPrimitives.ReadUInt64BigEndian(data);
            yl ^= BinaryPrimitives.ReadUInt64BigEndian(data[8..]);
            Multiply(ref yh, ref yl);
            data = data[16..];
        }

        if (!data.IsEmpty)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            data.CopyTo(last);
            yh ^= BinaryPrimitives.ReadUInt64BigEndian(last);
            yl ^= BinaryPrimitives.ReadUInt64BigEndian(last[8..]);
            Multiply(ref yh, ref yl);
        }
    }

    /// <summary>Precomputes i · H for every 4-bit i (bit-reflected: index 8 is H itself, 4 is H·x, 2 is H·x², 1 is H·x³).</summary>
    private void BuildTable(ulong hh, ulong hl)
    {
        _high[8] = hh;
        _low[8] = hl;
        for (int i = 4; i > 0; i >>= 1)
        {
            ulong carry = (hl & 1) * 0xe100000000000000UL;
            hl = (hh << 63) | (hl >> 1);
            hh = (hh >> 1) ^ carry;
            _high[i] = hh;
            _low[i] = hl;
        }

        for (int i = 2; i <= 8; i *= 2)
        {
            for (int j = 1; j < i; j++)
            {
                _high[i + j] = _high[i] ^ _high[j];
                _low[i + j] = _low[i] ^ _low[j];
            }
        }
    }

    /// <summary>(xh, xl) = X · H in GF(2^128), four bits at a time from the last octet to the first.</summary>
    private void Multiply(ref ulong xh, ref ulong xl)
    {
        if (_carryless)
        {
            MultiplyCarryless(ref xh, ref xl);
            return;
        }

        ulong zh = 0;
        ulong zl = 0;
        for (int i = 15; i >= 0; i--)
        {
            int octet = (int)((i >= 8 ? xl >> ((15 - i) * 8) : xh >> ((7 - i) * 8)) & 0xff);
            for (int half = 0; half < 2; half++)
            {
                int nibble = half == 0 ? octet & 0xf : octet >> 4;
                if (i != 15 || half != 0)
                {
                    int rem = (int)(zl & 0xf);
                    zl = (zh << 60) | (zl >> 4);
                    zh = (zh >> 4) ^ (Last4[rem] << 48);
                }

                zh ^= _high[nibble];
                zl ^= _low[nibble];
            }
        }

        xh = zh;
        xl = zl;
    }
}
