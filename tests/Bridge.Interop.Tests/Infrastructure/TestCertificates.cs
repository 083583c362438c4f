using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>A throwaway CA and a server certificate for 127.0.0.1 signed by it, as PEM files.</summary>
public sealed record TestCertificates(string CaPem, string ServerPem, string ServerKey, string ServerPemWithKey)
{
    public static TestCertificates Create(string directory)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Bridge interop test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var server = request.Create(ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4, 5, 6, 7, 8]);

        var caPem = Path.Combine(directory, "ca.pem");
        var serverPem = Path.Combine(directory, "server.pem");
        var serverKeyPath = Path.Combine(directory, "server.key");
        var combined = Path.Combine(directory, "server-with-key.pem");
        File.WriteAllText(caPem, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(serverPem, server.ExportCertificatePem() + "\n");
        File.WriteAllText(serverKeyPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(combined, server.ExportCertificatePem() + "\n" + serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return new TestCertificates(caPem, serverPem, serverKeyPath, combined);
    }
}
