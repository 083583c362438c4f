using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Sip.Transport;

/// <summary>
/// The TLS identity of the SIP listener, replaceable while running (a renewed certificate is used by
/// the next handshake, established connections keep theirs), and the optional demand that clients
/// such as PBX trunks present a certificate issued by one of <see cref="ClientAuthorities"/> (RFC 5630 §3.1.3 mutual TLS).
/// </summary>
public sealed class SipTlsCredentials
{
    private X509Certificate2 _certificate;

    public SipTlsCredentials(X509Certificate2 certificate, X509Certificate2Collection? clientAuthorities = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = certificate;
        ClientAuthorities = clientAuthorities is { Count: > 0 } ? clientAuthorities : null;
    }

    /// <summary>The certificate the next handshake presents (as server, and as client towards peers that ask).</summary>
    public X509Certificate2 Certificate => Volatile.Read(ref _certificate);

    /// <summary>When set, a client must present a certificate that chains to one of these, or the handshake fails.</summary>
    public X509Certificate2Collection? ClientAuthorities { get; }

    public bool RequireClientCertificate => ClientAuthorities is not null;

    /// <summary>Uses <paramref name="certificate"/> from the next handshake on.</summary>
    public void Replace(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Volatile.Write(ref _certificate, certificate);
    }

    /// <summary>Accepts a client certificate that chains to <see cref="ClientAuthorities"/> and is valid now.</summary>
    internal bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (ClientAuthorities is null)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(ClientAuthorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // The certificate handed in stays the connection's RemoteCertificate (its subject names a trunk): only a copy we
        // made ourselves is disposed here.
        if (certificate is X509Certificate2 presented)
        {
            return custom.Build(presented);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(copy);
    }
}
