using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Service.Security;

/// <summary>
/// A development CA (reused once made) and a server certificate it signs for the given IP addresses and
/// names, as PEM files: phones that verify the bridge get the CA file, the bridge gets the server pair.
/// </summary>
internal static class DevelopmentCertificateAuthority
{
    public sealed record Files(string CaCertificate, string ServerCertificate, string ServerKey, bool CreatedCa);

    public static Files Create(string directory, IReadOnlyList<string> names, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var caCertificatePath = Path.Combine(directory, "ca.pem");
        var caKeyPath = Path.Combine(directory, "ca.key");
        var now = time.GetUtcNow();
        var createdCa = false;
        if (!File.Exists(caCertificatePath) || !File.Exists(caKeyPath))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=Bridge development CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
            WritePrivate(caKeyPath, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caCertificatePath, ca.ExportCertificatePem() + "\n");
            createdCa = true;
        }

        using var authority = X509Certificate2.CreateFromPemFile(caCertificatePath, caKeyPath);
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var server = new CertificateRequest("CN=" + names[0], serverKey, HashAlgorithmName.SHA256);
        var alternative = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternative.AddIpAddress(address);
            }
            else
            {
                alternative.AddDnsName(name);
            }
        }

        server.CertificateExtensions.Add(alternative.Build());
        server.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        server.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        server.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var issued = server.Create(authority, now.AddMinutes(-5), now.AddDays(397), serial);
        var serverCertificatePath = Path.Combine(directory, "server.pem");
        var serverKeyPath = Path.Combine(directory, "server.key");
        WritePrivate(serverKeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(serverCertificatePath, issued.ExportCertificatePem() + "\n" + authority.ExportCertificatePem() + "\n");
        return new Files(caCertificatePath, serverCertificatePath, serverKeyPath, createdCa);
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
