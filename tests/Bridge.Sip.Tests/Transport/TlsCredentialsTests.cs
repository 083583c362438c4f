using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Transport;

/// <summary>Issue #5: a renewed certificate is used without a restart; PBX trunks can be required to present a certificate.</summary>
public sealed partial class TlsCredentialsTests
{
    [Fact]
    public async Task A_replaced_certificate_is_presented_by_the_next_handshake()
    {
        using var first = SelfSigned("CN=first.bridge.test");
        using var second = SelfSigned("CN=second.bridge.test");
        var credentials = new SipTlsCredentials(first);
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tls = Endpoints.Any, TlsCredentials = credentials });
        var uri = SipUri.Parse($"sip:4711@127.0.0.1:{Endpoints.Bound(bridge, SipTransportNames.Tls).Port};transport=tls");

        Assert.Equal("CN=first.bridge.test", await PresentedSubjectAsync(uri, client: null));
        credentials.Replace(second);
        Assert.Equal("CN=second.bridge.test", await PresentedSubjectAsync(uri, client: null));
    }

    [Fact]
    public async Task A_required_client_certificate_admits_trunks_of_the_authority_and_no_one_else()
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=PBX trunk CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var trunk = IssuedBy(authority, "CN=pbx.trunk.test");
        using var stranger = SelfSigned("CN=stranger.test");
        using var server = SelfSigned("CN=bridge.test");
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions
        {
            Tls = Endpoints.Any,
            TlsCredentials = new SipTlsCredentials(server, [X509CertificateLoader.LoadCertificate(authority.RawData)]),
        });
        var uri = SipUri.Parse($"sip:4711@127.0.0.1:{Endpoints.Bound(bridge, SipTransportNames.Tls).Port};transport=tls");

        Assert.Equal("CN=bridge.test", await PresentedSubjectAsync(uri, client: trunk));
        Assert.Null(await PresentedSubjectAsync(uri, client: stranger));
    }

    /// <summary>OPTIONS over a fresh TLS connection; returns the server certificate's subject when answered 200, else null.</summary>
    private static async Task<string?> PresentedSubjectAsync(SipUri uri, X509Certificate2? client)
    {
        string? subject = null;
        using var own = client ?? SelfSigned("CN=phone.test");
        await using var phone = await Endpoints.StartAsync(new SipEndpointOptions
        {
            Tls = Endpoints.Any,
            TlsCertificate = own,
            TlsServerCertificateValidation = (_, certificate, _, _) =>
            {
                subject = certificate?.Subject;
                return true;
            },
        });
        try
        {
            // A refused client certificate ends the connection after TLS 1.3 has let the client send: no answer comes.
            var response = await phone.SendOptionsAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            return response?.StatusCode == 200 ? subject : null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(subject, key);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 IssuedBy(X509Certificate2 authority, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request(subject, key);
        // Ends an hour before the authority (made a moment earlier with "now + 1 day"): CertificateRequest.Create refuses a
        // certificate that outlives its issuer, which "now + 1 day" did whenever the two calls straddled a second.
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), authority.NotAfter.AddHours(-1), [7, 7, 7, 7]);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static CertificateRequest Request(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        return request;
    }
}
