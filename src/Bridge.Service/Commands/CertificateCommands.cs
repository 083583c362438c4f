using System.CommandLine;
using Bridge.Service.Security;

namespace Bridge.Service.Commands;

/// <summary>
/// <c>bridge certs dev [--out DIR] [NAME...]</c>: makes a development CA (kept and reused) and a server
/// certificate it signs for the given IP addresses and DNS names, as PEM files for Bridge:Tls:Certificate/Key.
/// </summary>
internal static class CertificateCommands
{
    public static Command Create()
    {
        var certs = new Command("certs", "TLS certificates for SIP over TLS.");
        var dev = new Command("dev", "Make a development CA and a server certificate signed by it (PEM). Give phones ca.pem to verify the bridge.");
        var output = new Option<string>("--out") { Description = "Where to write ca.pem, ca.key, server.pem, server.key.", DefaultValueFactory = _ => "certs" };
        var names = new Argument<string[]>("NAME") { Description = "IP addresses and DNS names of the bridge.", Arity = ArgumentArity.ZeroOrMore };
        dev.Options.Add(output);
        dev.Arguments.Add(names);
        dev.SetAction(result =>
        {
            var directory = Path.GetFullPath(result.GetValue(output) ?? "certs");
            var given = result.GetValue(names) ?? [];
            string[] subjects = given.Length > 0 ? given : ["127.0.0.1", "localhost"];
            var files = DevelopmentCertificateAuthority.Create(directory, subjects, TimeProvider.System);
            Console.WriteLine($"CA ({(files.CreatedCa ? "new" : "reused")}): {files.CaCertificate}");
            Console.WriteLine($"server certificate for {string.Join(", ", subjects)}: {files.ServerCertificate}");
            Console.WriteLine($"server key: {files.ServerKey}");
            Console.WriteLine($"run with: --Bridge:Tls:Certificate={files.ServerCertificate} --Bridge:Tls:Key={files.ServerKey}");
            return 0;
        });
        certs.Subcommands.Add(dev);
        return certs;
    }
}
