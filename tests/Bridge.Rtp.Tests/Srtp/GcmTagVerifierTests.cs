using System.Security.Cryptography;
using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>The GHASH tag check agrees with .NET's AES-GCM (an independent implementation) on every length, and refuses any change.</summary>
public sealed class GcmTagVerifierTests
{
    [Theory]
    [InlineData(16, true)]
    [InlineData(32, true)]
    [InlineData(16, false)]
    [InlineData(32, false)]
    public void Agrees_with_AesGcm_for_every_length_and_refuses_any_flipped_bit(int keyLength, bool carryless)
    {
        var random = new Random(keyLength);
        var key = new byte[keyLength];
        random.NextBytes(key);
        using var gcm = new AesGcm(key, 16);
        using var verifier = new GcmTagVerifier(key, carryless);
        var nonce = new byte[12];
        var tag = new byte[16];
        for (var length = 0; length <= 1200; length += length < 200 ? 1 : 97)
        {
            random.NextBytes(nonce);
            var plain = new byte[length];
            random.NextBytes(plain);
            var aad = new byte[random.Next(0, 40)];
            random.NextBytes(aad);
            var cipher = new byte[length];
            gcm.Encrypt(nonce, plain, cipher, tag, aad);

            Assert.True(verifier.Verify(nonce, cipher, tag, aad), $"length {length}, aad {aad.Length}");

            var flip = random.Next(0, 3);
            var target = flip == 0 && cipher.Length > 0 ? cipher : flip == 1 && aad.Length > 0 ? aad : tag;
            var at = random.Next(target.Length);
            target[at] ^= (byte)(1 << random.Next(8));
            Assert.False(verifier.Verify(nonce, cipher, tag, aad), $"a flipped bit passed at length {length}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Matches_the_NIST_GCM_test_case_4_tag(bool carryless)
    {
        // McGrew and Viega, "The Galois/Counter Mode of Operation", test case 4 (AES-128, 60-octet text, 20-octet AAD).
        var key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308");
        var nonce = Convert.FromHexString("cafebabefacedbaddecaf888");
        var cipher = Convert.FromHexString(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091");
        var aad = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var tag = Convert.FromHexString("5bc94fbc3221a5db94fae95ae7121a47");
        using var verifier = new GcmTagVerifier(key, carryless);

        Assert.True(verifier.Verify(nonce, cipher, tag, aad));
    }
}
