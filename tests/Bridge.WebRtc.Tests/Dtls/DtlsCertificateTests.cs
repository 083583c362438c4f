using System.Security.Cryptography;
using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-cert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task LoadsAnOpenSslCertificateAndHandshakesWithIt()
    {
        var (certificatePath, keyPath, opensslFingerprint) = OpenSslPeer.MakeCertificate(_directory);

        var loaded = DtlsCertificate.FromPem(File.ReadAllText(certificatePath), File.ReadAllText(keyPath));

        Assert.Equal(opensslFingerprint, loaded.Fingerprint);
        using var pair = new DtlsLoopbackPair(loaded, DtlsTestCertificates.Client);
        pair.Start();
        var keys = await pair.Client.Handshake.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(opensslFingerprint, keys.PeerFingerprint);
    }

    [Fact]
    public void RefusesAKeyOfAnotherCertificate()
    {
        var (certificatePath, _, _) = OpenSslPeer.MakeCertificate(_directory);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<CryptographicException>(() => DtlsCertificate.FromPem(File.ReadAllText(certificatePath), otherKey.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void GeneratedCertificateIsValidNowAndForAMonth()
    {
        var now = new DateTimeOffset(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);

        var certificate = DtlsCertificate.Generate(now);

        Assert.Equal(now.AddDays(30), certificate.NotAfter);
        using var parsed = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate.DerEncoded);
        Assert.True(parsed.NotBefore < now.UtcDateTime);
        Assert.Equal("1.2.840.10045.2.1", parsed.PublicKey.Oid.Value); // id-ecPublicKey
        Assert.Equal("CN=bridge", parsed.Subject);
    }
}
