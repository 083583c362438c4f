namespace Bridge.Sdp.Tests;

public sealed class SdesCryptoTests
{
    [Fact]
    public void Parses_key_salt_lifetime_and_mki()
    {
        Assert.True(SdesCrypto.TryParse("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4", out SdesCrypto? crypto, out string? error), error);

        byte[] material = Convert.FromBase64String("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
        Assert.Equal(1, crypto.Tag);
        Assert.Equal(SrtpSuite.AesCm128HmacSha1_80, crypto.Suite);
        Assert.Equal(material[..16], crypto.MasterKey);
        Assert.Equal(material[16..], crypto.MasterSalt);
        Assert.Equal(1UL << 20, crypto.Lifetime);
        Assert.Equal(1UL, crypto.MkiValue);
        Assert.Equal(4, crypto.MkiLength);
        Assert.Empty(crypto.SessionParameters);
    }

    [Fact]
    public void Mki_without_lifetime_decimal_lifetime_and_session_parameters()
    {
        Assert.True(SdesCrypto.TryParse("5 AES_CM_128_HMAC_SHA1_32 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|7:2 KDR=0 WSH=64", out SdesCrypto? mkiOnly, out _));
        Assert.Null(mkiOnly.Lifetime);
        Assert.Equal((7UL, 2), (mkiOnly.MkiValue, mkiOnly.MkiLength));
        Assert.Equal(["KDR=0", "WSH=64"], mkiOnly.SessionParameters);

        Assert.True(SdesCrypto.TryParse("2 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1000000", out SdesCrypto? decimalLifetime, out _));
        Assert.Equal(1_000_000UL, decimalLifetime.Lifetime);
    }

    [Fact]
    public void First_of_several_keys_is_used()
    {
        Assert.True(SdesCrypto.TryParse(
            "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4;inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|2:4",
            out SdesCrypto? crypto,
            out _));
        Assert.Equal(Convert.FromBase64String("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")[..16], crypto.MasterKey);
        Assert.Equal(1UL, crypto.MkiValue);
    }

    [Theory]
    [InlineData(null, "empty crypto attribute")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80", "crypto attribute needs tag, suite and key parameters")]
    [InlineData("1234567890 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "crypto tag is not a number of 1 to 9 digits")]
    [InlineData("x AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "crypto tag is not a number of 1 to 9 digits")]
    [InlineData("1 NULL_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "unknown crypto suite")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 uri:https://example.com/key", "only the inline key method is supported")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:not*base64", "inline key is not base64 of key||salt of the suite's length")]
    [InlineData("1 AES_256_CM_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "inline key is not base64 of key||salt of the suite's length")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^64", "malformed key lifetime")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|0", "malformed key lifetime")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:0", "malformed MKI")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|256:1", "malformed MKI")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:4|2^20", "malformed key lifetime")]
    [InlineData("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4|x", "too many fields in inline key")]
    public void Malformed_crypto_is_refused(string? value, string expected)
    {
        Assert.False(SdesCrypto.TryParse(value, out SdesCrypto? crypto, out string? error));
        Assert.Null(crypto);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(SrtpSuite.AesCm128HmacSha1_80, 16, 14, 40)]
    [InlineData(SrtpSuite.AesCm128HmacSha1_32, 16, 14, 40)]
    [InlineData(SrtpSuite.Aes256CmHmacSha1_80, 32, 14, 64)]
    [InlineData(SrtpSuite.AeadAes128Gcm, 16, 12, 40)]
    [InlineData(SrtpSuite.AeadAes256Gcm, 32, 12, 60)]
    [InlineData(SrtpSuite.Aes256CmHmacSha1_32, 32, 14, 64)]
    public void Generated_keys_have_the_suite_lengths_and_round_trip(string suite, int keyLength, int saltLength, int base64Length)
    {
        SdesCrypto generated = SdesCrypto.Generate(3, suite);
        string value = generated.ToAttributeValue();

        Assert.Equal(keyLength, generated.MasterKey.Length);
        Assert.Equal(saltLength, generated.MasterSalt.Length);
        string base64 = value.Split(' ')[2]["inline:".Length..];
        Assert.Equal(base64Length, base64.Length);
        Assert.Equal(keyLength + saltLength, Convert.FromBase64String(base64).Length);
        Assert.True(SdesCrypto.TryParse(value, out SdesCrypto? parsed, out _));
        Assert.Equal(generated.MasterKey, parsed.MasterKey);
        Assert.Equal(generated.MasterSalt, parsed.MasterSalt);
        Assert.Equal(3, parsed.Tag);
    }

    [Fact]
    public void Generated_keys_differ()
    {
        Assert.NotEqual(SdesCrypto.Generate(1, SrtpSuite.AesCm128HmacSha1_80).MasterKey, SdesCrypto.Generate(1, SrtpSuite.AesCm128HmacSha1_80).MasterKey);
    }

    [Fact]
    public void Generating_an_unknown_suite_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => SdesCrypto.Generate(1, "ROT13"));
    }

    [Fact]
    public void Lifetime_mki_and_parameters_are_written_back()
    {
        const string value = "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 KDR=0";
        Assert.True(SdesCrypto.TryParse(value, out SdesCrypto? crypto, out _));

        Assert.Equal(value, crypto.ToAttributeValue());
    }

    [Fact]
    public void ToString_never_shows_key_material()
    {
        SdesCrypto crypto = SdesCrypto.Generate(1, SrtpSuite.AesCm128HmacSha1_80);
        string base64 = crypto.ToAttributeValue().Split(' ')[2]["inline:".Length..];

        Assert.DoesNotContain(base64, crypto.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(base64[..8], crypto.ToString(), StringComparison.Ordinal);
        Assert.Contains(SrtpSuite.AesCm128HmacSha1_80, crypto.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Media_lists_only_parsable_crypto_lines()
    {
        MediaDescription audio = SdpSamples.Parse(SdpSamples.BaresipSrtp).Media[0];
        audio.AddAttribute("crypto", "9 UNKNOWN_SUITE inline:AAAA");

        IReadOnlyList<SdesCrypto> cryptos = audio.GetCryptos();

        Assert.Equal([1, 2, 3, 4], cryptos.Select(c => c.Tag));
        Assert.Equal(
            [SrtpSuite.AesCm128HmacSha1_80, SrtpSuite.AesCm128HmacSha1_32, SrtpSuite.Aes256CmHmacSha1_80, SrtpSuite.AeadAes128Gcm],
            cryptos.Select(c => c.Suite));
    }
}
