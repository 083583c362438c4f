using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>Known answers from RFC 3711 Appendix B and RFC 7714 §16–17.</summary>
public sealed class SrtpTestVectorTests
{
    /// <summary>RFC 3711 B.2: AES-CM keystream with session key 2B7E…, salt F0F1…FD, SSRC 0, index 0.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AesCmKeystreamMatchesRfc3711AppendixB2(bool intrinsics)
    {
        var key = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");
        var iv = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[0xFF02 * 16];
        using (var ctr = new AesCounterMode(key, intrinsics))
        {
            ctr.Apply(iv, keystream);
        }

        Assert.Equal(Hex.Parse("E03EAD0935C95E80E166B16DD92B4EB4"), keystream[..16]);
        Assert.Equal(Hex.Parse("D23513162B02D0F72A43A2FE4A5F97AB"), keystream[16..32]);
        Assert.Equal(Hex.Parse("41E95B3BB0A2E8DD477901E4FCA894C0"), keystream[32..48]);
        Assert.Equal(Hex.Parse("EC8CDF7398607CB0F2D21675EA9EA1E4"), keystream[(0xFEFF * 16)..(0xFF00 * 16)]);
        Assert.Equal(Hex.Parse("362B7C3C6773516318A077D7FC5073AE"), keystream[(0xFF00 * 16)..(0xFF01 * 16)]);
        Assert.Equal(Hex.Parse("6A2CC3787889374FBEB4C81B17BA6C44"), keystream[(0xFF01 * 16)..(0xFF02 * 16)]);
    }

    /// <summary>The same keystream reached through the SRTP cipher: SSRC 0, index 0 encrypts zeros to B.2's blocks.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AesCmCipherEncryptsWithTheRfc3711Iv(bool intrinsics)
    {
        using var cipher = new AesCmHmacSha1Cipher(
            Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C"),
            Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20],
            10,
            intrinsics);
        var packet = new byte[12 + 48 + 10];
        packet[0] = 0x80;
        var length = cipher.ProtectRtp(packet, 12, 60, ssrc: 0, index: 0);

        Assert.Equal(70, length);
        Assert.Equal(
            Hex.Parse("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            packet[12..60]);
    }

    /// <summary>RFC 3711 B.3: session encryption key, salt and authentication key from one master key (KDR 0).</summary>
    [Fact]
    public void KeyDerivationMatchesRfc3711AppendixB3()
    {
        var masterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];

        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, authKey);

        Assert.Equal(Hex.Parse("C61E7A93744F39EE10734AFE3FF7A087"), cipherKey);
        Assert.Equal(Hex.Parse("30CBBC08863D8C85D49DB34A9AE1"), cipherSalt);
        Assert.Equal(
            Hex.Parse(
                "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE" +
                "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25" +
                "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"),
            authKey);
    }

    [Fact]
    public void SrtcpLabelsGiveDifferentKeysThanSrtpLabels()
    {
        var masterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");
        var rtpKey = new byte[16];
        var rtcpKey = new byte[16];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, rtpKey);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, rtcpKey);

        Assert.NotEqual(rtpKey, rtcpKey);
    }

    private const string Rfc7714Rtp =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    private const string Rfc7714Rtcp =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    private const string Rfc7714Salt = "517569642070726f2071756f";

    public static TheoryData<string, string, bool> GcmRtpVectors => WithAndWithoutIntrinsics(new()
    {
        // RFC 7714 §16.1.1 (AEAD_AES_128_GCM)
        {
            "000102030405060708090a0b0c0d0e0f",
            "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833" +
            "899d7f27 beb16a91 52cf765e e4390cce"
        },

        // RFC 7714 §16.2.1 (AEAD_AES_256_GCM)
        {
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13"
        },
    });

    [Theory]
    [MemberData(nameof(GcmRtpVectors))]
    public void GcmRtpMatchesRfc7714Section16(string sessionKey, string expected, bool intrinsics)
    {
        using var cipher = new AesGcmCipher(Hex.Parse(sessionKey), Hex.Parse(Rfc7714Salt), intrinsics);
        var plain = Hex.Parse(Rfc7714Rtp);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        var length = cipher.ProtectRtp(buffer, 12, plain.Length, ssrc: 0x5501a0b2, index: 0xf17b);

        Assert.Equal(Hex.Parse(expected), buffer[..length]);
        Assert.True(cipher.TryUnprotectRtp(buffer, 12, length, 0x5501a0b2, 0xf17b));
        Assert.Equal(plain, buffer[..plain.Length]);
    }

    public static TheoryData<string, string, bool> GcmRtcpVectors => WithAndWithoutIntrinsics(new()
    {
        // RFC 7714 §17.1.1 (AEAD_AES_128_GCM, SRTCP index 0x5d4)
        {
            "000102030405060708090a0b0c0d0e0f",
            "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4"
        },

        // RFC 7714 §17.2.1 (AEAD_AES_256_GCM)
        {
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4"
        },
    });

    [Theory]
    [MemberData(nameof(GcmRtcpVectors))]
    public void GcmRtcpMatchesRfc7714Section17(string sessionKey, string expected, bool intrinsics)
    {
        using var cipher = new AesGcmCipher(Hex.Parse(sessionKey), Hex.Parse(Rfc7714Salt), intrinsics);
        var plain = Hex.Parse(Rfc7714Rtcp);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);

        var length = cipher.ProtectRtcp(buffer, plain.Length, ssrc: 0x4d617273, srtcpIndex: 0x5d4);

        Assert.Equal(Hex.Parse(expected), buffer[..length]);
        var word = cipher.ReadRtcpIndexWord(buffer, length);
        Assert.Equal(0x800005d4u, word);
        Assert.True(cipher.TryUnprotectRtcp(buffer, length, 0x4d617273, word, out var rtcpLength));
        Assert.Equal(plain, buffer[..rtcpLength]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GcmRejectsAForgedTagWithoutThrowing(bool intrinsics)
    {
        using var cipher = new AesGcmCipher(Hex.Parse("000102030405060708090a0b0c0d0e0f"), Hex.Parse(Rfc7714Salt), intrinsics);
        var plain = Hex.Parse(Rfc7714Rtp);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);
        var length = cipher.ProtectRtp(buffer, 12, plain.Length, 0x5501a0b2, 0xf17b);
        buffer[length - 1] ^= 0x01;

        Assert.False(cipher.TryUnprotectRtp(buffer, 12, length, 0x5501a0b2, 0xf17b));
    }

    /// <summary>Each (key, expected) pair once on the CPU's AES-NI/PCLMULQDQ path (where it has them) and once on the portable one.</summary>
    private static TheoryData<string, string, bool> WithAndWithoutIntrinsics(TheoryData<string, string> vectors)
    {
        var both = new TheoryData<string, string, bool>();
        foreach (var row in vectors)
        {
            both.Add((string)row[0], (string)row[1], true);
            both.Add((string)row[0], (string)row[1], false);
        }

        return both;
    }
}
