using System.Security.Cryptography.X509Certificates;

namespace Bridge.Service.Tests.Commands;

/// <summary>Issue #5: <c>bridge certs dev</c> makes a development CA and a server certificate that verifies against it.</summary>
public sealed class CertsDevCommandTests
{
    [Fact]
    public async Task Makes_a_CA_once_and_a_server_certificate_for_the_given_names_that_chains_to_it()
    {
        var directory = Directory.CreateTempSubdirectory("certs-").FullName;

        var (first, output) = await BridgeCommand.RunAsync("certs", "dev", "--out", directory, "127.0.0.1", "bridge.example");
        Assert.True(first == 0, output);
        var ca = await File.ReadAllTextAsync(Path.Combine(directory, "ca.pem"));
        var (second, _) = await BridgeCommand.RunAsync("certs", "dev", "--out", directory, "127.0.0.1");
        Assert.Equal(0, second);
        Assert.Equal(ca, await File.ReadAllTextAsync(Path.Combine(directory, "ca.pem")));

        using var server = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "server.pem"), Path.Combine(directory, "server.key"));
        Assert.True(server.HasPrivateKey);
        Assert.True(server.MatchesHostname("127.0.0.1"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(ca)));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(server), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "ca.key")));
        }
    }
}
