using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is E(k, IV + j) where the
/// low 16 bits of the IV are zero, so j is written into the last two octets. The keystream comes from one
/// reused ECB <see cref="ICryptoTransform"/> run over a preallocated batch of counter blocks, so
/// nothing is allocated per packet; where the CPU has AES instructions, from <see cref="AesNiBlockCipher"/> instead
/// (eight blocks at a time, no call into the platform's crypto library per packet). Not thread-safe: one instance per
/// direction and packet kind.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;
    private const int BatchBlocks = 64;

    /// <summary>Largest input: 2^16 blocks per IV (RFC 3711 §4.1.1).</summary>
    public const int MaxLength = 65536 * BlockSize;

    private readonly AesNiBlockCipher? _intrinsics;

    // The portable path's state, made only when the AES instructions are not used (2 KiB and a platform cipher
    // context per instance, four instances per SRTP session).
    private readonly Aes? _aes;
    private readonly ICryptoTransform? _encryptor;
    private readonly byte[]? _counters;
    private readonly byte[]? _keystream;

    /// <summary>Creates the transform for a 128- or 256-bit AES key; <paramref name="intrinsics"/> false keeps to .NET's
    /// <see cref="Aes"/> even where the CPU has AES instructions (tests compare the two).</summary>
    public AesCounterMode(ReadOnlySpan<byte> key, bool intrinsics = true)
    {
        if (intrinsics && AesNiBlockCipher.IsSupported)
        {
            _intrinsics = new AesNiBlockCipher(key);
            return;
        }

        _counters = new byte[BatchBlocks * BlockSize];
        _keystream = new byte[BatchBlocks * BlockSize];
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        var keyCopy = key.ToArray();
        try
        {
            _aes.Key = keyCopy;
            _encryptor = _aes.CreateEncryptor();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    /// <summary>
    /// XORs the keystream that starts at <paramref name="iv"/> (16 octets, last two zero) into <paramref name="data"/>,
    /// from keystream block <paramref name="firstBlock"/> on (GCM's payload starts at block 2: block 1 is E_K(J0)).
    /// </summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data, int firstBlock = 0)
    {
        // A longer input would wrap the 16-bit block counter and reuse keystream; UDP payloads never get near it.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length + (firstBlock * BlockSize), MaxLength);
        if (_intrinsics is { } fast)
        {
            fast.XorKeystream(Vector128.Create(iv[..16]), firstBlock, data);
            return;
        }

        var counters = _counters!;
        var keystream = _keystream!;
        var counter = firstBlock;
        var offset = 0;
        while (offset < data.Length)
        {
            var chunk = Math.Min(data.Length - offset, BatchBlocks * BlockSize);
            var blocks = (chunk + BlockSize - 1) / BlockSize;
            for (var j = 0; j < blocks; j++)
            {
                var block = counters.AsSpan(j * BlockSize, BlockSize);
                iv[..14].CopyTo(block);
                BinaryPrimitives.WriteUInt16BigEndian(block[14..], (ushort)counter);
                counter++;
            }

            _encryptor!.TransformBlock(counters, 0, blocks * BlockSize, keystream, 0);
            Xor(data.Slice(offset, chunk), keystream.AsSpan(0, chunk));
            offset += chunk;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        ref var d = ref MemoryMarshal.GetReference(data);
        ref var k = ref MemoryMarshal.GetReference(keystream);
        var i = 0;
        for (; i + 16 <= data.Length; i += 16)
        {
            var v = Vector128.LoadUnsafe(ref d, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i);
            v.StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < data.Length; i++)
        {
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
        }
    }

    public void Dispose()
    {
        _intrinsics?.Dispose();
        _encryptor?.Dispose();
        _aes?.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
