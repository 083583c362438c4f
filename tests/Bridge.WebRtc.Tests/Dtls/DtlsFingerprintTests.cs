using System.Security.Cryptography;
using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void GeneratedCertificateHasASha256FingerprintInSdpForm()
    {
        var certificate = DtlsCertificate.Generate();

        var text = certificate.Fingerprint.ToString();

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", text);
        Assert.Equal(SHA256.HashData(certificate.DerEncoded), certificate.Fingerprint.Hash.ToArray());
        Assert.True(DtlsFingerprint.TryParse(text, out var parsed));
        Assert.Equal(certificate.Fingerprint, parsed);
        Assert.True(parsed!.Matches(certificate.DerEncoded));
        Assert.NotEqual(certificate.Fingerprint, DtlsCertificate.Generate().Fingerprint);
    }

    [Fact]
    public void ParsesLowerCaseHexAndUpperCaseHashName()
    {
        var certificate = DtlsTestCertificates.Server;
        var text = "SHA-256 " + certificate.Fingerprint.HexValue.ToLowerInvariant();

        Assert.True(DtlsFingerprint.TryParse(text, out var parsed));
        Assert.True(parsed!.Matches(certificate.DerEncoded));
    }

    [Fact]
    public void Sha1FingerprintMatchesToo()
    {
        var certificate = DtlsTestCertificates.Server;
        var sha1 = DtlsFingerprint.Compute(certificate.DerEncoded, DtlsFingerprint.Sha1);

        Assert.True(DtlsFingerprint.TryParse(sha1.ToString(), out var parsed));
        Assert.Equal("sha-1", parsed!.Algorithm);
        Assert.True(parsed.Matches(certificate.DerEncoded));
        Assert.False(parsed.Matches(DtlsTestCertificates.Client.DerEncoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256 ZZ:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-256 00-00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-256 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    public void RejectsMalformedValues(string value)
    {
        Assert.False(DtlsFingerprint.TryParse(value, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void CertificateGenerationIsCheap()
    {
        DtlsCertificate.Generate();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            DtlsCertificate.Generate();
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"10 certificates took {stopwatch.Elapsed}");
    }
}
