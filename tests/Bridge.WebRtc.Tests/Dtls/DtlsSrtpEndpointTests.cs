using Bridge.Rtp.Srtp;
using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

/// <summary>The DTLS-SRTP endpoint against itself in the other role (both BouncyCastle), in memory.</summary>
public sealed class DtlsSrtpEndpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task BothSidesDeriveTheSameKeysAndTheMirroredDirections()
    {
        using var pair = new DtlsLoopbackPair(DtlsTestCertificates.Server, DtlsTestCertificates.Client);
        pair.Start();

        var serverKeys = await pair.Server.Handshake.WaitAsync(Wait);
        var clientKeys = await pair.Client.Handshake.WaitAsync(Wait);

        Assert.Equal(SrtpSuite.AeadAes128Gcm, serverKeys.Suite);
        Assert.Equal(0x0007, serverKeys.ProtectionProfile);
        Assert.Equal(clientKeys.Suite, serverKeys.Suite);
        Assert.Equal(clientKeys.Receive.MasterKey, serverKeys.Send.MasterKey);
        Assert.Equal(clientKeys.Receive.MasterSalt, serverKeys.Send.MasterSalt);
        Assert.Equal(clientKeys.Send.MasterKey, serverKeys.Receive.MasterKey);
        Assert.Equal(clientKeys.Send.MasterSalt, serverKeys.Receive.MasterSalt);
        Assert.NotEqual(serverKeys.Send.MasterKey, serverKeys.Receive.MasterKey);
        Assert.Equal(DtlsTestCertificates.Client.Fingerprint, serverKeys.PeerFingerprint);
        Assert.Equal(DtlsTestCertificates.Server.Fingerprint, clientKeys.PeerFingerprint);
        Assert.DoesNotContain("Key", serverKeys.ToString().Replace("DtlsSrtpKeys", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SrtpSuite.AesCm128HmacSha1Tag80, 0x0001)]
    [InlineData(SrtpSuite.AeadAes128Gcm, 0x0007)]
    public async Task SrtpProtectedWithTheClientKeysIsReadByTheServer(SrtpSuite suite, int profile)
    {
        var options = new DtlsSrtpOptions { SrtpSuites = [suite] };
        using var pair = new DtlsLoopbackPair(DtlsTestCertificates.Server, DtlsTestCertificates.Client, serverOptions: options, clientOptions: options);
        pair.Start();
        var serverKeys = await pair.Server.Handshake.WaitAsync(Wait);
        var clientKeys = await pair.Client.Handshake.WaitAsync(Wait);
        Assert.Equal(profile, serverKeys.ProtectionProfile);

        using var clientSession = clientKeys.CreateSession();
        using var serverSession = serverKeys.CreateSession();
        AssertRoundTrip(clientSession, serverSession, ssrc: 0x11223344);
        AssertRoundTrip(serverSession, clientSession, ssrc: 0x55667788);
    }

    [Fact]
    public async Task ServerPrefersItsOwnOrderAmongTheClientsProfiles()
    {
        var serverOptions = new DtlsSrtpOptions { SrtpSuites = [SrtpSuite.AesCm128HmacSha1Tag80, SrtpSuite.AeadAes128Gcm] };
        using var pair = new DtlsLoopbackPair(DtlsTestCertificates.Server, DtlsTestCertificates.Client, serverOptions: serverOptions);
        pair.Start();

        var keys = await pair.Server.Handshake.WaitAsync(Wait);

        Assert.Equal(SrtpSuite.AesCm128HmacSha1Tag80, keys.Suite);
        Assert.Equal(SrtpSuite.AesCm128HmacSha1Tag80, (await pair.Client.Handshake.WaitAsync(Wait)).Suite);
    }

    [Fact]
    public async Task ClientCertificateNotMatchingTheSdpFingerprintFailsTheServer()
    {
        using var pair = new DtlsLoopbackPair(
            DtlsTestCertificates.Server,
            DtlsTestCertificates.Client,
            serverExpects: DtlsTestCertificates.Stranger.Fingerprint);
        pair.Start();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Server.Handshake.WaitAsync(Wait));
        Assert.Equal(DtlsFailure.FingerprintMismatch, failure.Failure);
        Assert.Contains("fingerprint", failure.Message, StringComparison.Ordinal);
        var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Client.Handshake.WaitAsync(Wait));
        Assert.Equal(DtlsFailure.PeerAlert, clientFailure.Failure);
    }

    [Fact]
    public async Task ServerCertificateNotMatchingTheSdpFingerprintFailsTheClient()
    {
        using var pair = new DtlsLoopbackPair(
            DtlsTestCertificates.Server,
            DtlsTestCertificates.Client,
            clientExpects: DtlsTestCertificates.Stranger.Fingerprint);
        pair.Start();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Client.Handshake.WaitAsync(Wait));
        Assert.Equal(DtlsFailure.FingerprintMismatch, failure.Failure);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Server.Handshake.WaitAsync(Wait));
    }

    [Fact]
    public async Task NoCommonProfileFailsWithoutKeys()
    {
        using var pair = new DtlsLoopbackPair(
            DtlsTestCertificates.Server,
            DtlsTestCertificates.Client,
            serverOptions: new DtlsSrtpOptions { SrtpSuites = [SrtpSuite.AeadAes128Gcm] },
            clientOptions: new DtlsSrtpOptions { SrtpSuites = [SrtpSuite.AesCm128HmacSha1Tag80] });
        pair.Start();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Server.Handshake.WaitAsync(Wait));
        Assert.Equal(DtlsFailure.NoCommonProfile, failure.Failure);
    }

    [Fact]
    public async Task GarbageAndDuplicatesBeforeAndDuringTheHandshakeAreIgnored()
    {
        var random = new Random(7);
        DtlsLoopbackPair? pairRef = null;
        var injected = 0;
        var corruptedEncrypted = 0;
        using var pair = new DtlsLoopbackPair(
            DtlsTestCertificates.Server,
            DtlsTestCertificates.Client,
            toServerFilter: (_, datagram) =>
            {
                // Before every real datagram: a random "DTLS-looking" one, a truncated copy, and for encrypted records
                // (epoch > 0) a copy with a flipped bit, which fails authentication. (A forged plaintext epoch-0
                // ClientHello does abort the handshake: anyone on the path can do that to any DTLS.)
                var garbage = new byte[random.Next(1, 300)];
                random.NextBytes(garbage);
                garbage[0] = (byte)random.Next(20, 64);
                pairRef!.Server.TryDeliver(garbage);
                pairRef.Server.TryDeliver(datagram.AsSpan(0, datagram.Length / 2));
                injected += 2;
                if (datagram.Length > 13 && (datagram[3] | datagram[4]) != 0)
                {
                    var corrupted = (byte[])datagram.Clone();
                    corrupted[^1] ^= 0x5A;
                    pairRef.Server.TryDeliver(corrupted);
                    corruptedEncrypted++;
                }

                return true;
            });
        pairRef = pair;
        for (var i = 0; i < 5; i++)
        {
            var garbage = new byte[100];
            random.NextBytes(garbage);
            garbage[0] = 22;
            pair.Server.TryDeliver(garbage);
        }

        Assert.False(pair.Server.TryDeliver([0x80, 0, 0, 0])); // RTP: not for DTLS (RFC 7983)
        Assert.False(pair.Server.TryDeliver([0x00, 0x01, 0, 0])); // STUN
        pair.Start();

        var serverKeys = await pair.Server.Handshake.WaitAsync(Wait);
        var clientKeys = await pair.Client.Handshake.WaitAsync(Wait);
        Assert.Equal(clientKeys.Receive.MasterKey, serverKeys.Send.MasterKey);
        Assert.True(injected >= 6);
        Assert.True(corruptedEncrypted >= 1);
    }

    [Fact]
    public async Task LostFinalFlightOfTheServerIsResentFromTheEstablishedEndpoint()
    {
        // The server's ChangeCipherSpec and Finished are lost once: the server has already returned its keys, the
        // client retransmits its last flight (RFC 6347 §4.2.4) and the established server must answer it again.
        var dropped = 0;
        using var pair = new DtlsLoopbackPair(
            DtlsTestCertificates.Server,
            DtlsTestCertificates.Client,
            toClientFilter: datagram =>
            {
                var finalFlight = datagram[0] == 20 || (datagram.Length > 4 && (datagram[3] | datagram[4]) != 0);
                if (finalFlight && Interlocked.Increment(ref dropped) <= 2)
                {
                    return false;
                }

                return true;
            });
        pair.Start();

        var serverKeys = await pair.Server.Handshake.WaitAsync(Wait);
        var clientKeys = await pair.Client.Handshake.WaitAsync(Wait);

        Assert.True(dropped >= 3, $"only {dropped} final-flight datagrams from the server");
        Assert.Equal(serverKeys.Send.MasterKey, clientKeys.Receive.MasterKey);
    }

    [Fact]
    public async Task HandshakeWithoutPeerTimesOut()
    {
        using var endpoint = new DtlsSrtpEndpoint(
            DtlsTestCertificates.Server,
            DtlsRole.Server,
            DtlsTestCertificates.Client.Fingerprint,
            _ => { },
            new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(600) });
        endpoint.Start();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => endpoint.Handshake.WaitAsync(Wait));
        Assert.Equal(DtlsFailure.Timeout, failure.Failure);
        await endpoint.Closed.WaitAsync(Wait);
    }

    [Fact]
    public async Task DisposeDuringTheHandshakeStopsIt()
    {
        var endpoint = new DtlsSrtpEndpoint(
            DtlsTestCertificates.Server, DtlsRole.Server, DtlsTestCertificates.Client.Fingerprint, _ => { });
        endpoint.Start();
        endpoint.Dispose();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => endpoint.Handshake.WaitAsync(Wait));
        Assert.Equal(DtlsFailure.Stopped, failure.Failure);
        await endpoint.Closed.WaitAsync(Wait);
        Assert.False(endpoint.TryDeliver([22, 254, 253]));
    }

    [Fact]
    public async Task DisposingOneSideSendsCloseNotifyAndClosesTheOther()
    {
        var serverLog = new ListLogger();
        using var pair = new DtlsLoopbackPair(DtlsTestCertificates.Server, DtlsTestCertificates.Client, serverLogger: serverLog);
        pair.Start();
        var keys = await pair.Server.Handshake.WaitAsync(Wait);
        await pair.Client.Handshake.WaitAsync(Wait);

        pair.Client.Dispose();

        await pair.Client.Closed.WaitAsync(Wait);
        await pair.Server.Closed.WaitAsync(Wait);
        Assert.Contains(serverLog.Lines, line => line.Contains("peer sent close_notify", StringComparison.Ordinal));
        var keyHex = Convert.ToHexString(keys.Send.MasterKey);
        Assert.DoesNotContain(serverLog.Lines, line => line.Contains(keyHex, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void QueueIsBoundedAndDropsWhenFull()
    {
        using var endpoint = new DtlsSrtpEndpoint(
            DtlsTestCertificates.Server,
            DtlsRole.Server,
            DtlsTestCertificates.Client.Fingerprint,
            _ => { },
            new DtlsSrtpOptions { QueueCapacity = 4 });
        var accepted = 0;
        for (var i = 0; i < 10; i++)
        {
            accepted += endpoint.TryDeliver([22, 254, 253, 0]) ? 1 : 0;
        }

        Assert.Equal(4, accepted);
        Assert.Equal(6, endpoint.DroppedDatagrams);
    }

    private static void AssertRoundTrip(SrtpSession sender, SrtpSession receiver, uint ssrc)
    {
        var buffer = new byte[12 + 160 + sender.RtpOverhead];
        buffer[0] = 0x80;
        buffer[1] = 0;
        buffer[3] = 1;
        buffer[8] = (byte)(ssrc >> 24);
        buffer[9] = (byte)(ssrc >> 16);
        buffer[10] = (byte)(ssrc >> 8);
        buffer[11] = (byte)ssrc;
        for (var i = 12; i < 172; i++)
        {
            buffer[i] = (byte)i;
        }

        var plain = buffer.AsSpan(0, 172).ToArray();
        var length = sender.ProtectRtp(buffer, 172);
        Assert.True(length > 172);
        Assert.False(buffer.AsSpan(12, 160).SequenceEqual(plain.AsSpan(12, 160)));
        Assert.True(receiver.TryUnprotectRtp(buffer, ref length));
        Assert.Equal(172, length);
        Assert.Equal(plain, buffer.AsSpan(0, 172).ToArray());
    }
}
