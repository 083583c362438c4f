using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

public sealed class SrtpSuitesTests
{
    [Theory]
    [InlineData("AES_CM_128_HMAC_SHA1_80", SrtpSuite.AesCm128HmacSha1Tag80, 16, 14)]
    [InlineData("AES_CM_128_HMAC_SHA1_32", SrtpSuite.AesCm128HmacSha1Tag32, 16, 14)]
    [InlineData("AES_256_CM_HMAC_SHA1_80", SrtpSuite.Aes256CmHmacSha1Tag80, 32, 14)]
    [InlineData("AES_256_CM_HMAC_SHA1_32", SrtpSuite.Aes256CmHmacSha1Tag32, 32, 14)]
    [InlineData("AEAD_AES_128_GCM", SrtpSuite.AeadAes128Gcm, 16, 12)]
    [InlineData("AEAD_AES_256_GCM", SrtpSuite.AeadAes256Gcm, 32, 12)]
    public void SdesNamesRoundTrip(string name, SrtpSuite suite, int keyLength, int saltLength)
    {
        Assert.True(SrtpSuites.TryParse(name, out var parsed));
        Assert.Equal(suite, parsed);
        Assert.Equal(name, SrtpSuites.GetSdesName(suite));
        Assert.Equal(keyLength, SrtpSuites.GetMasterKeyLength(suite));
        Assert.Equal(saltLength, SrtpSuites.GetMasterSaltLength(suite));
    }

    [Theory]
    [InlineData("aes_cm_128_hmac_sha1_80")]
    [InlineData("AES_CM_128_HMAC_SHA1_80 ")]
    [InlineData("F8_128_HMAC_SHA1_80")]
    [InlineData("AES_192_CM_HMAC_SHA1_80")]
    [InlineData("")]
    public void UnknownNamesAreRefused(string name)
    {
        Assert.False(SrtpSuites.TryParse(name, out _));
    }

    [Fact]
    public void LegacyAes256SpellingIsAccepted()
    {
        Assert.True(SrtpSuites.TryParse("AES_CM_256_HMAC_SHA1_80", out var suite));
        Assert.Equal(SrtpSuite.Aes256CmHmacSha1Tag80, suite);
    }

    [Theory]
    [InlineData(1, SrtpSuite.AesCm128HmacSha1Tag80)]
    [InlineData(2, SrtpSuite.AesCm128HmacSha1Tag32)]
    [InlineData(7, SrtpSuite.AeadAes128Gcm)]
    [InlineData(8, SrtpSuite.AeadAes256Gcm)]
    public void DtlsProfilesMap(int profile, SrtpSuite suite)
    {
        Assert.True(SrtpSuites.TryFromDtlsProfile(profile, out var parsed));
        Assert.Equal(suite, parsed);
        Assert.True(SrtpSuites.TryGetDtlsProfile(suite, out var back));
        Assert.Equal(profile, back);
    }

    [Fact]
    public void UnknownDtlsProfileIsRefused()
    {
        Assert.False(SrtpSuites.TryFromDtlsProfile(5, out _));
        Assert.False(SrtpSuites.TryGetDtlsProfile(SrtpSuite.Aes256CmHmacSha1Tag80, out _));
    }

    [Theory]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag80, 10, 14)]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag32, 4, 14)]
    [InlineData(SrtpSuite.AeadAes128Gcm, 16, 20)]
    public void OverheadsMatchTheSuite(SrtpSuite suite, int rtp, int rtcp)
    {
        Assert.Equal(rtp, SrtpSuites.GetRtpOverhead(suite));
        Assert.Equal(rtcp, SrtpSuites.GetRtcpOverhead(suite));
    }

    [Fact]
    public void KeyMaterialSplitsAndJoinsInlineKeys()
    {
        var inline = Enumerable.Range(1, 30).Select(i => (byte)i).ToArray();
        Assert.True(SrtpKeyMaterial.TryFromConcatenated(SrtpSuite.AesCm128HmacSha1Tag80, inline, out var material));
        Assert.Equal(inline[..16], material!.MasterKey);
        Assert.Equal(inline[16..], material.MasterSalt);
        Assert.True(material.IsValid);

        var joined = new byte[30];
        Assert.Equal(30, material.CopyConcatenatedTo(joined));
        Assert.Equal(inline, joined);

        Assert.False(SrtpKeyMaterial.TryFromConcatenated(SrtpSuite.AeadAes128Gcm, inline, out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DtlsKeyingMaterialSplitsByRole(bool isServer)
    {
        // RFC 5764 §4.2 layout for AES-128-CM (16-octet keys, 14-octet salts): 60 octets.
        var material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        Assert.True(SrtpKeyMaterial.TrySplitDtlsKeyingMaterial(SrtpSuite.AesCm128HmacSha1Tag80, material, isServer, out var send, out var receive));

        var client = new { Key = material[..16], Salt = material[32..46] };
        var server = new { Key = material[16..32], Salt = material[46..60] };
        Assert.Equal(isServer ? server.Key : client.Key, send!.MasterKey);
        Assert.Equal(isServer ? server.Salt : client.Salt, send.MasterSalt);
        Assert.Equal(isServer ? client.Key : server.Key, receive!.MasterKey);
        Assert.Equal(isServer ? client.Salt : server.Salt, receive.MasterSalt);
        Assert.False(SrtpKeyMaterial.TrySplitDtlsKeyingMaterial(SrtpSuite.AeadAes128Gcm, material, isServer, out _, out _));
    }

    [Fact]
    public void GeneratedKeysAreFreshAndTheRightSize()
    {
        var a = SrtpKeyMaterial.Generate(SrtpSuite.AeadAes256Gcm);
        var b = SrtpKeyMaterial.Generate(SrtpSuite.AeadAes256Gcm);
        Assert.True(a.IsValid);
        Assert.Equal(32, a.MasterKey.Length);
        Assert.Equal(12, a.MasterSalt.Length);
        Assert.NotEqual(a.MasterKey, b.MasterKey);
    }

    [Fact]
    public void ToStringNeverShowsTheKey()
    {
        var material = new SrtpKeyMaterial(SrtpSuite.AesCm128HmacSha1Tag80, Enumerable.Repeat((byte)0xAB, 16).ToArray(), new byte[14]);
        var text = material.ToString();
        Assert.DoesNotContain("AB", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("171", text, StringComparison.Ordinal);
        Assert.Contains("AesCm128HmacSha1Tag80", text, StringComparison.Ordinal);
    }
}
