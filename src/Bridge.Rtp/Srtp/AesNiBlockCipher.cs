using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// AES-128 / AES-256 encryption (FIPS 197) with the CPU's AES instructions, for counter mode only: the key schedule is
/// expanded once with AESKEYGENASSIST (Gueron, "Intel Advanced Encryption Standard (AES) New Instructions Set", 2010,
/// §4), and <see cref="XorKeystream"/> encrypts eight counter blocks at a time so that the rounds of independent blocks
/// overlap in the pipeline. SRTP's two counter layouts share one form: the block counter is the big-endian 16-bit value
/// in the last two octets of an IV whose last two octets are zero (RFC 3711 §4.1.1 for AES-CM; for GCM, RFC 7714 §8.1,
/// the 12-octet IV followed by a 32-bit counter that stays below 2^16 for any UDP payload). Only where
/// <see cref="IsSupported"/>; elsewhere <see cref="AesCounterMode"/> keeps to .NET's <see cref="System.Security.Cryptography.Aes"/>.
/// Holds no per-call state: safe to use from several threads.
/// </summary>
internal sealed class AesNiBlockCipher : IDisposable
{
    private const int BlockSize = 16;

    /// <summary>Largest input: 2^16 blocks per IV (RFC 3711 §4.1.1).</summary>
    public const int MaxLength = 65536 * BlockSize;

    private readonly Vector128<byte>[] _keys;
    private readonly int _rounds;

    /// <summary>Expands a 128- or 256-bit key; only where <see cref="IsSupported"/>.</summary>
    public AesNiBlockCipher(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available.");
        }

        if (key.Length == 16)
        {
            _rounds = 10;
            _keys = new Vector128<byte>[11];
            Expand128(Vector128.Create(key), _keys);
        }
        else if (key.Length == 32)
        {
            _rounds = 14;
            _keys = new Vector128<byte>[15];
            Expand256(Vector128.Create(key), Vector128.Create(key[16..]), _keys);
        }
        else
        {
            throw new ArgumentException("AES key must be 128 or 256 bits.", nameof(key));
        }
    }

    /// <summary>True where the CPU has the AES instructions (x86 AES-NI).</summary>
    public static bool IsSupported => Aes.IsSupported && Sse2.IsSupported;

    /// <summary>E_K(<paramref name="block"/>).</summary>
    public Vector128<byte> Encrypt(Vector128<byte> block)
    {
        ref var k = ref MemoryMarshal.GetArrayDataReference(_keys);
        block ^= k;
        for (var r = 1; r < _rounds; r++)
        {
            block = Aes.Encrypt(block, Unsafe.Add(ref k, r));
        }

        return Aes.EncryptLast(block, Unsafe.Add(ref k, _rounds));
    }

    /// <summary>The counter block <paramref name="counter"/> of <paramref name="iv"/> (its last two octets zero): the counter big-endian in octets 14 and 15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> CounterBlock(Vector128<byte> iv, int counter) =>
        Sse2.Insert(iv.AsUInt16(), BinaryPrimitives.ReverseEndianness((ushort)counter), 7).AsByte();

    /// <summary>
    /// XORs the keystream E_K(IV + j), j = <paramref name="firstBlock"/>, <paramref name="firstBlock"/> + 1, …, into
    /// <paramref name="data"/> in place (the last block may be partial).
    /// </summary>
    public void XorKeystream(Vector128<byte> iv, int firstBlock, Span<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length + (firstBlock * BlockSize), MaxLength);
        ref var d = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var counter = firstBlock;
        var i = 0;
        for (; i + (8 * BlockSize) <= length; i += 8 * BlockSize, counter += 8)
        {
            XorEight(iv, counter, ref Unsafe.Add(ref d, i));
        }

        if (i < length)
        {
            // The last one to seven blocks, the final one partial: through a zero-padded copy.
            Span<byte> tail = stackalloc byte[8 * BlockSize];
            tail.Clear();
            data[i..].CopyTo(tail);
            XorEight(iv, counter, ref MemoryMarshal.GetReference(tail));
            tail[..(length - i)].CopyTo(data[i..]);
        }
    }

    /// <summary>XORs keystream blocks <paramref name="counter"/> … <paramref name="counter"/> + 7 into the 128 octets at <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void XorEight(Vector128<byte> iv, int counter, ref byte d)
    {
        ref var k = ref MemoryMarshal.GetArrayDataReference(_keys);
        var k0 = k;
        var b0 = CounterBlock(iv, counter) ^ k0;
        var b1 = CounterBlock(iv, counter + 1) ^ k0;
        var b2 = CounterBlock(iv, counter + 2) ^ k0;
        var b3 = CounterBlock(iv, counter + 3) ^ k0;
        var b4 = CounterBlock(iv, counter + 4) ^ k0;
        var b5 = CounterBlock(iv, counter + 5) ^ k0;
        var b6 = CounterBlock(iv, counter + 6) ^ k0;
        var b7 = CounterBlock(iv, counter + 7) ^ k0;
        var rounds = _rounds;
        for (var r = 1; r < rounds; r++)
        {
            var kr = Unsafe.Add(ref k, r);
            b0 = Aes.Encrypt(b0, kr);
            b1 = Aes.Encrypt(b1, kr);
            b2 = Aes.Encrypt(b2, kr);
            b3 = Aes.Encrypt(b3, kr);
            b4 = Aes.Encrypt(b4, kr);
            b5 = Aes.Encrypt(b5, kr);
            b6 = Aes.Encrypt(b6, kr);
            b7 = Aes.Encrypt(b7, kr);
        }

        var last = Unsafe.Add(ref k, rounds);
        (Aes.EncryptLast(b0, last) ^ Vector128.LoadUnsafe(ref d)).StoreUnsafe(ref d);
        (Aes.EncryptLast(b1, last) ^ Vector128.LoadUnsafe(ref d, 16)).StoreUnsafe(ref d, 16);
        (Aes.EncryptLast(b2, last) ^ Vector128.LoadUnsafe(ref d, 32)).StoreUnsafe(ref d, 32);
        (Aes.EncryptLast(b3, last) ^ Vector128.LoadUnsafe(ref d, 48)).StoreUnsafe(ref d, 48);
        (Aes.EncryptLast(b4, last) ^ Vector128.LoadUnsafe(ref d, 64)).StoreUnsafe(ref d, 64);
        (Aes.EncryptLast(b5, last) ^ Vector128.LoadUnsafe(ref d, 80)).StoreUnsafe(ref d, 80);
        (Aes.EncryptLast(b6, last) ^ Vector128.LoadUnsafe(ref d, 96)).StoreUnsafe(ref d, 96);
        (Aes.EncryptLast(b7, last) ^ Vector128.LoadUnsafe(ref d, 112)).StoreUnsafe(ref d, 112);
    }

    public void Dispose() => Array.Clear(_keys);

    /// <summary>k XOR (k &lt;&lt; 32) XOR (k &lt;&lt; 64) XOR (k &lt;&lt; 96): each word of the next round key is the XOR of the words before it.</summary>
    private static Vector128<byte> PrefixXor(Vector128<byte> k)
    {
        k ^= Sse2.ShiftLeftLogical128BitLane(k, 4);
        return k ^ Sse2.ShiftLeftLogical128BitLane(k, 8);
    }

    /// <summary>The next AES-128 round key from the previous one and its AESKEYGENASSIST (word 3: RotWord(SubWord) XOR Rcon).</summary>
    private static Vector128<byte> Next128(Vector128<byte> previous, Vector128<byte> assist) =>
        PrefixXor(previous) ^ Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();

    private static void Expand128(Vector128<byte> key, Vector128<byte>[] keys)
    {
        keys[0] = key;
        keys[1] = key = Next128(key, Aes.KeygenAssist(key, 0x01));
        keys[2] = key = Next128(key, Aes.KeygenAssist(key, 0x02));
        keys[3] = key = Next128(key, Aes.KeygenAssist(key, 0x04));
        keys[4] = key = Next128(key, Aes.KeygenAssist(key, 0x08));
        keys[5] = key = Next128(key, Aes.KeygenAssist(key, 0x10));
        keys[6] = key = Next128(key, Aes.KeygenAssist(key, 0x20));
        keys[7] = key = Next128(key, Aes.KeygenAssist(key, 0x40));
        keys[8] = key = Next128(key, Aes.KeygenAssist(key, 0x80));
        keys[9] = key = Next128(key, Aes.KeygenAssist(key, 0x1B));
        keys[10] = Next128(key, Aes.KeygenAssist(key, 0x36));
    }

    /// <summary>AES-256: even round keys take RotWord(SubWord) of the odd key before them with Rcon, odd ones SubWord alone.</summary>
    private static void Expand256(Vector128<byte> even, Vector128<byte> odd, Vector128<byte>[] keys)
    {
        keys[0] = even;
        keys[1] = odd;
        keys[2] = even = Next128(even, Aes.KeygenAssist(odd, 0x01));
        keys[3] = odd = NextOdd(odd, even);
        keys[4] = even = Next128(even, Aes.KeygenAssist(odd, 0x02));
        keys[5] = odd = NextOdd(odd, even);
        keys[6] = even = Next128(even, Aes.KeygenAssist(odd, 0x04));
        keys[7] = odd = NextOdd(odd, even);
        keys[8] = even = Next128(even, Aes.KeygenAssist(odd, 0x08));
        keys[9] = odd = NextOdd(odd, even);
        keys[10] = even = Next128(even, Aes.KeygenAssist(odd, 0x10));
        keys[11] = odd = NextOdd(odd, even);
        keys[12] = even = Next128(even, Aes.KeygenAssist(odd, 0x20));
        keys[13] = odd = NextOdd(odd, even);
        keys[14] = Next128(even, Aes.KeygenAssist(odd, 0x40));
    }

    private static Vector128<byte> NextOdd(Vector128<byte> odd, Vector128<byte> even) =>
        PrefixXor(odd) ^ Sse2.Shuffle(Aes.KeygenAssist(even, 0x00).AsUInt32(), 0xAA).AsByte();
}
