using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// AES-GCM with a 96-bit IV and a 128-bit tag (NIST SP 800-38D §7, as RFC 7714 uses it) on the CPU's AES and carry-less
/// multiply instructions, in place and allocation-free. The payload is AES-CTR from inc32(J0) (<see cref="AesNiBlockCipher"/>,
/// eight blocks at a time); GHASH takes eight blocks per reduction with the precomputed H^1…H^8 (<see cref="GhashCarryless"/>).
/// <see cref="TryDecrypt"/> computes the tag over the received ciphertext and compares it in constant time before a single
/// octet is decrypted: a forged packet is left as it came, untouched. .NET's <see cref="AesGcm"/> pays a fixed cost per call
/// (about 1 µs here, most of a video packet's protect) that this does not. Only where <see cref="IsSupported"/>; elsewhere
/// <see cref="AesGcmCipher"/> keeps to <see cref="AesGcm"/> and <see cref="GcmTagVerifier"/>. Holds no per-call state.
/// </summary>
internal sealed class AesNiGcm : IDisposable
{
    private const int BlockSize = 16;
    private const int TagSize = 16;
    private const int Aggregated = 8;

    private readonly AesNiBlockCipher _aes;

    /// <summary>H^1 … H^8 as GHASH operands (H = E_K(0^128)); index i holds H^(i+1).</summary>
    private readonly Vector128<ulong>[] _powers = new Vector128<ulong>[Aggregated];

    /// <summary>Expands a 128- or 256-bit key and the powers of H; only where <see cref="IsSupported"/>.</summary>
    public AesNiGcm(ReadOnlySpan<byte> key)
    {
        _aes = new AesNiBlockCipher(key);
        var h = GhashCarryless.Load(_aes.Encrypt(Vector128<byte>.Zero));
        _powers[0] = h;
        for (var i = 1; i < Aggregated; i++)
        {
            _powers[i] = GhashCarryless.Multiply(_powers[i - 1], h);
        }
    }

    /// <summary>True where the CPU has AES-NI, PCLMULQDQ and SSSE3.</summary>
    public static bool IsSupported => AesNiBlockCipher.IsSupported && GhashCarryless.IsSupported;

    /// <summary>Encrypts <paramref name="data"/> in place and writes the 16-octet tag over <paramref name="aad"/> and the ciphertext.</summary>
    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> aad, Span<byte> tag)
    {
        var iv = CounterBase(nonce);
        _aes.XorKeystream(iv, 2, data);
        Tag(iv, aad, data).CopyTo(tag[..TagSize]);
    }

    /// <summary>
    /// When <paramref name="tag"/> is the tag of <paramref name="aad"/> and the ciphertext <paramref name="data"/>, decrypts
    /// <paramref name="data"/> in place and returns true; otherwise returns false and leaves <paramref name="data"/> as it was.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        var iv = CounterBase(nonce);
        Span<byte> expected = stackalloc byte[TagSize];
        Tag(iv, aad, data).CopyTo(expected);
        if (tag.Length < TagSize || !CryptographicOperations.FixedTimeEquals(expected, tag[..TagSize]))
        {
            return false;
        }

        _aes.XorKeystream(iv, 2, data);
        return true;
    }

    public void Dispose()
    {
        _aes.Dispose();
        Array.Clear(_powers);
    }

    /// <summary>nonce || 0^32: J0 is its counter block 1, the payload's keystream starts at block 2 (SP 800-38D §7.1).</summary>
    private static Vector128<byte> CounterBase(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[BlockSize];
        nonce[..12].CopyTo(block);
        block[12..].Clear();
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    /// <summary>GHASH(aad, ciphertext, lengths) XOR E_K(J0) (SP 800-38D §7.1 steps 5 and 6).</summary>
    private Vector128<byte> Tag(Vector128<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        var y = Absorb(Vector128<ulong>.Zero, aad);
        y = Absorb(y, ciphertext);
        var lengths = Vector128.Create((ulong)ciphertext.Length * 8, (ulong)aad.Length * 8);
        y = GhashCarryless.Multiply(y ^ lengths, _powers[0]);
        return GhashCarryless.Store(y) ^ _aes.Encrypt(AesNiBlockCipher.CounterBlock(iv, 1));
    }

    /// <summary>Y = (…((Y ^ X1) · H ^ X2) · H … ^ Xn) · H over <paramref name="data"/> zero-padded to whole blocks, eight blocks per reduction.</summary>
    private Vector128<ulong> Absorb(Vector128<ulong> y, ReadOnlySpan<byte> data)
    {
        ref var d = ref MemoryMarshal.GetReference(data);
        ref var h = ref MemoryMarshal.GetArrayDataReference(_powers);
        var length = data.Length;
        nuint i = 0;
        for (; (int)i + (Aggregated * BlockSize) <= length; i += Aggregated * BlockSize)
        {
            var low = Vector128<ulong>.Zero;
            var middle = Vector128<ulong>.Zero;
            var high = Vector128<ulong>.Zero;
            GhashCarryless.Accumulate(y ^ Block(ref d, i), Unsafe.Add(ref h, 7), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 16), Unsafe.Add(ref h, 6), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 32), Unsafe.Add(ref h, 5), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 48), Unsafe.Add(ref h, 4), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 64), Unsafe.Add(ref h, 3), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 80), Unsafe.Add(ref h, 2), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 96), Unsafe.Add(ref h, 1), ref low, ref middle, ref high);
            GhashCarryless.Accumulate(Block(ref d, i + 112), h, ref low, ref middle, ref high);
            y = GhashCarryless.Reduce(low, middle, high);
        }

        var rest = length - (int)i;
        if (rest == 0)
        {
            return y;
        }

        // The last 1…8 blocks (the final one zero-padded) by H^n … H^1, one reduction.
        var blocks = (rest + BlockSize - 1) / BlockSize;
        var sumLow = Vector128<ulong>.Zero;
        var sumMiddle = Vector128<ulong>.Zero;
        var sumHigh = Vector128<ulong>.Zero;
        Span<byte> last = stackalloc byte[BlockSize];
        for (var b = 0; b < blocks; b++, i += BlockSize)
        {
            Vector128<ulong> x;
            if ((int)i + BlockSize <= length)
            {
                x = Block(ref d, i);
            }
            else
            {
                last.Clear();
                data[(int)i..].CopyTo(last);
                x = GhashCarryless.Load(Vector128.Create((ReadOnlySpan<byte>)last));
            }

            if (b == 0)
            {
                x ^= y;
            }

            GhashCarryless.Accumulate(x, Unsafe.Add(ref h, blocks - 1 - b), ref sumLow, ref sumMiddle, ref sumHigh);
        }

        return GhashCarryless.Reduce(sumLow, sumMiddle, sumHigh);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Block(ref byte data, nuint offset) => GhashCarryless.Load(Vector128.LoadUnsafe(ref data, offset));
}
