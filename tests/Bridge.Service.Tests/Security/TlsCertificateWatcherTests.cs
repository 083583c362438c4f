using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Service.Security;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Service.Tests.Security;

/// <summary>Issue #5: certificate files renewed on disk are picked up while running; a broken renewal keeps the old one.</summary>
public sealed class TlsCertificateWatcherTests
{
    [Fact]
    public async Task A_renewed_certificate_file_replaces_the_one_in_use_and_a_broken_one_does_not()
    {
        var directory = Directory.CreateTempSubdirectory("tls-watch-").FullName;
        var certificatePath = Path.Combine(directory, "server.pem");
        var keyPath = Path.Combine(directory, "server.key");
        WritePem(certificatePath, keyPath, "CN=old.bridge.test");
        var credentials = new SipTlsCredentials(TlsCertificateLoader.Load(certificatePath, keyPath, null));
        using var watcher = new TlsCertificateWatcher(certificatePath, keyPath, null, credentials, TimeProvider.System, NullLogger.Instance);

        WritePem(certificatePath, keyPath, "CN=new.bridge.test");
        Assert.True(await EventuallyAsync(() => credentials.Certificate.Subject == "CN=new.bridge.test"), "the renewed certificate was not picked up");

        await File.WriteAllTextAsync(certificatePath, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        await Task.Delay(2500);
        Assert.False(watcher.Reload());
        Assert.Equal("CN=new.bridge.test", credentials.Certificate.Subject);
    }

    private static void WritePem(string certificatePath, string keyPath, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
