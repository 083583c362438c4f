using Bridge.Rtp.Srtp;
using SdesSuite = Bridge.Sdp.SrtpSuite;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>
/// One catalogue of SRTP suites (issue 11): every name SDP accepts is one SRTP can run, with the same key and salt
/// lengths, and every suite SRTP runs has a name SDP accepts. Before, SDP knew AES-192 and F8 that SRTP cannot run,
/// and SRTP knew the pre-RFC 6188 AES-256 spelling that SDP refused.
/// </summary>
public sealed class SrtpSuiteCatalogueTests
{
    public static TheoryData<string> SdpNames() => new(SdesSuite.Supported);

    [Theory]
    [MemberData(nameof(SdpNames))]
    public void Every_suite_SDP_supports_runs_in_SRTP_with_the_same_key_lengths(string name)
    {
        Assert.True(SdesSuite.TryGetKeyLengths(name, out var key, out var salt));
        Assert.True(SrtpSuites.TryParse(name, out var suite), name);
        Assert.Equal(name, SrtpSuites.GetSdesName(suite));
        Assert.Equal((key, salt), (SrtpSuites.GetMasterKeyLength(suite), SrtpSuites.GetMasterSaltLength(suite)));
        Assert.True(SrtpKeyMaterial.Generate(suite).MasterKey.Length == key);
    }

    [Fact]
    public void Every_SRTP_suite_has_a_name_SDP_supports()
    {
        foreach (var suite in Enum.GetValues<SrtpSuite>())
        {
            Assert.Contains(SrtpSuites.GetSdesName(suite), SdesSuite.Supported);
        }

        Assert.Equal(Enum.GetValues<SrtpSuite>().Length, SdesSuite.Supported.Count);
    }

    [Theory]
    [InlineData("AES_CM_256_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_80")]
    [InlineData("AES_CM_256_HMAC_SHA1_32", "AES_256_CM_HMAC_SHA1_32")]
    public void The_old_AES_256_spelling_is_known_to_both(string old, string registered)
    {
        Assert.True(SdesSuite.TryGetKeyLengths(old, out var key, out _));
        Assert.Equal(32, key);
        Assert.True(SrtpSuites.TryParse(old, out var suite));
        Assert.Equal(registered, SrtpSuites.GetSdesName(suite));
    }

    [Theory]
    [InlineData("AES_192_CM_HMAC_SHA1_80")]
    [InlineData("F8_128_HMAC_SHA1_80")]
    [InlineData("NULL_HMAC_SHA1_80")]
    public void Suites_SRTP_cannot_run_are_unknown_to_SDP_too(string name)
    {
        Assert.False(SdesSuite.TryGetKeyLengths(name, out _, out _));
        Assert.False(SrtpSuites.TryParse(name, out _));
    }
}
