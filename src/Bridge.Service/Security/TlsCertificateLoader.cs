using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Service.Security;

/// <summary>
/// Loads the SIP-over-TLS server certificate from PEM (certificate + key) or PFX files, or makes a
/// self-signed development certificate under the data directory on first start and reuses it,
/// so that the default configuration starts on a fresh machine.
/// </summary>
internal static class TlsCertificateLoader
{
    public const string DevelopmentFileName = "dev-sip-tls.pfx";

    public static X509Certificate2 Load(string certificatePath, string? keyPath, string? password)
    {
        if (!File.Exists(certificatePath))
        {
            throw new FileNotFoundException($"Bridge:Tls:Certificate: file not found: {certificatePath}", certificatePath);
        }

        if (certificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password, X509KeyStorageFlags.Exportable);
        }

        var key = keyPath ?? certificatePath;
        if (!File.Exists(key))
        {
            throw new FileNotFoundException($"Bridge:Tls:Key: file not found: {key}", key);
        }

        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, key);
        // SslStream on some platforms needs a certificate whose key is not ephemeral.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Returns the development certificate under <paramref name="dataDirectory"/>, creating it when missing or expired.</summary>
    public static X509Certificate2 LoadOrCreateDevelopment(string dataDirectory, TimeProvider time, out bool created)
    {
        var directory = Path.Combine(dataDirectory, "tls");
        var path = Path.Combine(directory, DevelopmentFileName);
        created = false;
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
            if (existing.NotAfter > time.GetLocalNow().LocalDateTime.AddDays(7))
            {
                return existing;
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Bridge development certificate", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName.ToLowerInvariant());
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        created = true;
        return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.Exportable);
    }

    public static string Sha256Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => a + ":" + b);
}
