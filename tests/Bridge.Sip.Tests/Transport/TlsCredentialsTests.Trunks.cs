using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Sip.Messages;
using Bridge.Sip.Security;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Transport;

/// <summary>Issue 12: the subject of a trunk's TLS client certificate reaches the trunk lookup with each message.</summary>
public sealed partial class TlsCredentialsTests
{
    [Fact]
    public async Task The_client_certificate_subject_reaches_the_trunk_lookup()
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=PBX trunk CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var trunk = IssuedBy(authority, "CN=pbx.trunk.test, O=Example");
        using var server = SelfSigned("CN=bridge.test");
        var lookups = new RecordingTrunks();
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions
        {
            Tls = Endpoints.Any,
            TlsCredentials = new SipTlsCredentials(server, [X509CertificateLoader.LoadCertificate(authority.RawData)]),
            Trunks = lookups,
        });
        var uri = SipUri.Parse($"sip:4711@127.0.0.1:{Endpoints.Bound(bridge, SipTransportNames.Tls).Port};transport=tls");

        Assert.Equal("CN=bridge.test", await PresentedSubjectAsync(uri, client: trunk));
        Assert.Contains("CN=pbx.trunk.test, O=Example", lookups.Subjects);
    }

    private sealed class RecordingTrunks : ISipTrunkDirectory
    {
        public ConcurrentBag<string> Subjects { get; } = [];

        public SipTrunk? Find(IPAddress source, string? certificateSubject)
        {
            if (certificateSubject is not null)
            {
                Subjects.Add(certificateSubject);
            }

            return null;
        }
    }
}
