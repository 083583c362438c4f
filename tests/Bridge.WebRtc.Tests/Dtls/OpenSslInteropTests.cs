using System.Net;
using Bridge.Rtp.Srtp;
using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

/// <summary>
/// DTLS-SRTP against OpenSSL, a second and independent implementation, over real UDP on 127.0.0.1: the
/// keying material openssl exports must equal ours byte for byte, and each side must see the other's certificate.
/// </summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-openssl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpSuite.AesCm128HmacSha1Tag80, 60)]
    [InlineData("SRTP_AEAD_AES_128_GCM", SrtpSuite.AeadAes128Gcm, 56)]
    public async Task OpenSslClientAgainstOurServerExportsTheSameKeys(string profile, SrtpSuite suite, int length)
    {
        var (certificate, key, fingerprint) = OpenSslPeer.MakeCertificate(_directory);
        using var host = new UdpDtlsHost(DtlsTestCertificates.Server, DtlsRole.Server, fingerprint);
        host.Endpoint.Start();
        using var openssl = OpenSslPeer.StartClient(host.Port, profile, length, certificate, key);

        var keys = await host.Endpoint.Handshake.WaitAsync(Wait);
        var theirs = openssl.WaitForKeyingMaterial(Wait);

        Assert.Equal(suite, keys.Suite);
        Assert.Equal(length, theirs.Length);
        Assert.Equal(theirs, DtlsTestCertificates.Concatenate(keys));
        Assert.Equal(fingerprint, keys.PeerFingerprint);
        var printed = openssl.PrintedPeerCertificate();
        Assert.NotNull(printed);
        Assert.True(DtlsTestCertificates.Server.Fingerprint.Matches(printed), "openssl saw another certificate than the one in our SDP");

        // What openssl's side would protect (client_write keys) our server's receive context reads.
        SrtpKeyMaterial.TrySplitDtlsKeyingMaterial(suite, theirs, isDtlsServer: false, out var clientSend, out var clientReceive);
        using var clientSession = new SrtpSession(clientSend!, clientReceive!);
        using var serverSession = keys.CreateSession();
        var packet = new byte[12 + 160 + 16];
        packet[0] = 0x80;
        packet[11] = 7;
        var plain = packet.AsSpan(0, 172).ToArray();
        var protectedLength = clientSession.ProtectRtp(packet, 172);
        Assert.True(serverSession.TryUnprotectRtp(packet, ref protectedLength));
        Assert.Equal(plain, packet.AsSpan(0, protectedLength).ToArray());

        openssl.CloseInput(); // s_client sends close_notify
        await host.Endpoint.Closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task OpenSslClientWithAnotherCertificateIsRejected()
    {
        var (certificate, key, _) = OpenSslPeer.MakeCertificate(_directory);
        using var host = new UdpDtlsHost(DtlsTestCertificates.Server, DtlsRole.Server, DtlsTestCertificates.Stranger.Fingerprint);
        host.Endpoint.Start();
        using var openssl = OpenSslPeer.StartClient(host.Port, "SRTP_AES128_CM_SHA1_80", 60, certificate, key);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => host.Endpoint.Handshake.WaitAsync(Wait));

        Assert.Equal(DtlsFailure.FingerprintMismatch, failure.Failure);
        openssl.WaitFor("alert bad certificate", Wait); // openssl received our bad_certificate alert (RFC 5246 §7.2.2)
    }

    [Fact]
    public async Task OurClientAgainstOpenSslServerExportsTheSameKeys()
    {
        var (certificate, key, fingerprint) = OpenSslPeer.MakeCertificate(_directory);
        var port = UdpDtlsHost.FreePort();
        using var openssl = OpenSslPeer.StartServer(port, "SRTP_AES128_CM_SHA1_80", 60, certificate, key);
        openssl.WaitFor("ACCEPT", Wait);
        using var host = new UdpDtlsHost(
            DtlsTestCertificates.Client, DtlsRole.Client, fingerprint, remote: new IPEndPoint(IPAddress.Loopback, port));
        host.Endpoint.Start();

        var keys = await host.Endpoint.Handshake.WaitAsync(Wait);
        var theirs = openssl.WaitForKeyingMaterial(Wait);

        Assert.Equal(SrtpSuite.AesCm128HmacSha1Tag80, keys.Suite);
        byte[] ours = [.. keys.Send.MasterKey, .. keys.Receive.MasterKey, .. keys.Send.MasterSalt, .. keys.Receive.MasterSalt];
        Assert.Equal(theirs, ours); // client_write_key || server_write_key || client_write_salt || server_write_salt
        Assert.Equal(fingerprint, keys.PeerFingerprint);
    }
}
