using System.CommandLine;
using Bridge.Service.Security;

namespace Bridge.Service.Commands;

/// <summary><c>bridge certs dev [--data DIR]</c>: makes (or shows) the development TLS certificate.</summary>
internal static class CertificateCommands
{
    public static Command Create()
    {
        var certs = new Command("certs", "TLS certificates for SIP over TLS.");
        var dev = new Command("dev", "Make the self-signed development certificate under the data directory, or show the existing one.");
        var data = new Option<string>("--data") { Description = "The data directory (Bridge:Data).", DefaultValueFactory = _ => "data" };
        dev.Options.Add(data);
        dev.SetAction(result =>
        {
            var directory = Path.GetFullPath(result.GetValue(data) ?? "data");
            using var certificate = TlsCertificateLoader.LoadOrCreateDevelopment(directory, TimeProvider.System, out var created);
            Console.WriteLine($"{(created ? "created" : "existing")}: {Path.Combine(directory, "tls", TlsCertificateLoader.DevelopmentFileName)}");
            Console.WriteLine($"subject: {certificate.Subject}");
            Console.WriteLine($"valid until: {certificate.NotAfter:yyyy-MM-dd}");
            Console.WriteLine($"SHA-256: {TlsCertificateLoader.Sha256Fingerprint(certificate)}");
            return 0;
        });
        certs.Subcommands.Add(dev);
        return certs;
    }
}
