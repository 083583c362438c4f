using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Bridge.Rtp.Srtp;
using Bridge.TestKit.Skipping;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>
/// The AES-NI / PCLMULQDQ path (<see cref="AesNiBlockCipher"/>, <see cref="AesNiGcm"/>) against .NET's AES and AES-GCM
/// (independent implementations), FIPS 197's known answers, and the portable path of the same SRTP ciphers on random packets.
/// </summary>
public sealed class AesNiSrtpTests
{
    [SkippableFact]
    public void Block_cipher_matches_the_FIPS_197_examples()
    {
        Skip.If(!AesNiBlockCipher.IsSupported, "the CPU has no AES instructions");
        var plain = Vector128.Create(Convert.FromHexString("00112233445566778899aabbccddeeff"));
        using var aes128 = new AesNiBlockCipher(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"));
        using var aes256 = new AesNiBlockCipher(Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

        // FIPS 197 Appendix C.1 (AES-128) and C.3 (AES-256).
        Assert.Equal(Convert.FromHexString("69c4e0d86a7b0430d8cdb78070b4c55a"), ToArray(aes128.Encrypt(plain)));
        Assert.Equal(Convert.FromHexString("8ea2b7ca516745bfeafc49904b496089"), ToArray(aes256.Encrypt(plain)));
    }

    [SkippableFact]
    public void Block_cipher_matches_dotnet_Aes_on_random_keys()
    {
        Skip.If(!AesNiBlockCipher.IsSupported, "the CPU has no AES instructions");
        var random = new Random(7);
        foreach (var keyLength in new[] { 16, 32 })
        {
            for (var n = 0; n < 20; n++)
            {
                var key = new byte[keyLength];
                var block = new byte[16];
                random.NextBytes(key);
                random.NextBytes(block);
                using var reference = Aes.Create();
                reference.Key = key;
                using var ours = new AesNiBlockCipher(key);

                Assert.Equal(reference.EncryptEcb(block, PaddingMode.None), ToArray(ours.Encrypt(Vector128.Create(block))));
            }
        }
    }

    [SkippableFact]
    public void Counter_mode_agrees_with_the_portable_path_for_every_length_and_first_block()
    {
        Skip.If(!AesNiBlockCipher.IsSupported, "the CPU has no AES instructions");
        var random = new Random(11);
        foreach (var keyLength in new[] { 16, 32 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            using var fast = new AesCounterMode(key);
            using var portable = new AesCounterMode(key, intrinsics: false);
            var iv = new byte[16];
            for (var length = 0; length <= 1300; length += length < 300 ? 1 : 61)
            {
                random.NextBytes(iv.AsSpan(0, 14));
                var firstBlock = random.Next(0, 3);
                var data = new byte[length];
                random.NextBytes(data);
                var expected = (byte[])data.Clone();
                portable.Apply(iv, expected, firstBlock);
                fast.Apply(iv, data, firstBlock);

                Assert.Equal(expected, data);
            }
        }
    }

    [SkippableFact]
    public void Gcm_agrees_with_AesGcm_and_refuses_any_flipped_bit_leaving_the_packet_untouched()
    {
        Skip.If(!AesNiGcm.IsSupported, "the CPU has no AES-NI and PCLMULQDQ");
        var random = new Random(13);
        foreach (var keyLength in new[] { 16, 32 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            using var reference = new AesGcm(key, 16);
            using var ours = new AesNiGcm(key);
            var nonce = new byte[12];
            var expectedTag = new byte[16];
            var tag = new byte[16];
            for (var length = 0; length <= 1300; length += length < 300 ? 1 : 53)
            {
                random.NextBytes(nonce);
                var plain = new byte[length];
                random.NextBytes(plain);
                var aad = new byte[random.Next(0, 300)];
                random.NextBytes(aad);
                var expected = new byte[length];
                reference.Encrypt(nonce, plain, expected, expectedTag, aad);
                var data = (byte[])plain.Clone();
                ours.Encrypt(nonce, data, aad, tag);

                Assert.Equal(expected, data);
                Assert.Equal(expectedTag, tag);

                var forgedData = (byte[])data.Clone();
                var forgedTag = (byte[])tag.Clone();
                var forgedAad = (byte[])aad.Clone();
                var flip = random.Next(0, 3);
                var target = flip == 0 && length > 0 ? forgedData : flip == 1 && aad.Length > 0 ? forgedAad : forgedTag;
                target[random.Next(target.Length)] ^= (byte)(1 << random.Next(8));
                var asForged = (byte[])forgedData.Clone();
                Assert.False(ours.TryDecrypt(nonce, forgedData, forgedTag, forgedAad), $"a flipped bit passed at length {length}");
                Assert.Equal(asForged, forgedData);

                Assert.True(ours.TryDecrypt(nonce, data, tag, aad), $"length {length}, aad {aad.Length}");
                Assert.Equal(plain, data);
            }
        }
    }

    [Fact]
    public void Srtp_gcm_with_and_without_intrinsics_make_the_same_packets_and_read_each_others()
    {
        var random = new Random(17);
        foreach (var keyLength in new[] { 16, 32 })
        {
            var key = new byte[keyLength];
            var salt = new byte[12];
            random.NextBytes(key);
            random.NextBytes(salt);
            using var fast = new AesGcmCipher(key, salt);
            using var portable = new AesGcmCipher(key, salt, intrinsics: false);
            for (var n = 0; n < 200; n++)
            {
                var headerLength = 12 + (4 * random.Next(0, 6));
                var length = headerLength + random.Next(0, 1300);
                var ssrc = (uint)random.Next();
                var index = (ulong)random.NextInt64(0, 1L << 48);
                var a = new byte[length + 16];
                random.NextBytes(a.AsSpan(0, length));
                var plain = a[..length];
                var b = (byte[])a.Clone();

                Assert.Equal(length + 16, fast.ProtectRtp(a, headerLength, length, ssrc, index));
                portable.ProtectRtp(b, headerLength, length, ssrc, index);
                Assert.Equal(b, a);

                Assert.True(portable.TryUnprotectRtp(a, headerLength, length + 16, ssrc, index));
                Assert.True(fast.TryUnprotectRtp(b, headerLength, length + 16, ssrc, index));
                Assert.Equal(plain, a[..length]);
                Assert.Equal(plain, b[..length]);
            }
        }
    }

    [Fact]
    public void Srtp_aes_cm_with_and_without_intrinsics_make_the_same_packets_and_read_each_others()
    {
        var random = new Random(19);
        foreach (var keyLength in new[] { 16, 32 })
        {
            var key = new byte[keyLength];
            var salt = new byte[14];
            var authKey = new byte[20];
            random.NextBytes(key);
            random.NextBytes(salt);
            random.NextBytes(authKey);
            using var fast = new AesCmHmacSha1Cipher(key, salt, authKey, 10);
            using var portable = new AesCmHmacSha1Cipher(key, salt, authKey, 10, intrinsics: false);
            for (var n = 0; n < 200; n++)
            {
                var length = 12 + random.Next(0, 1300);
                var ssrc = (uint)random.Next();
                var index = (ulong)random.NextInt64(0, 1L << 48);
                var a = new byte[length + 10];
                random.NextBytes(a.AsSpan(0, length));
                var plain = a[..length];
                var b = (byte[])a.Clone();

                Assert.Equal(length + 10, fast.ProtectRtp(a, 12, length, ssrc, index));
                portable.ProtectRtp(b, 12, length, ssrc, index);
                Assert.Equal(b, a);

                Assert.True(portable.TryUnprotectRtp(a, 12, length + 10, ssrc, index));
                Assert.True(fast.TryUnprotectRtp(b, 12, length + 10, ssrc, index));
                Assert.Equal(plain, a[..length]);
                Assert.Equal(plain, b[..length]);
            }
        }
    }

    private static byte[] ToArray(Vector128<byte> block)
    {
        var bytes = new byte[16];
        block.CopyTo(bytes);
        return bytes;
    }
}
