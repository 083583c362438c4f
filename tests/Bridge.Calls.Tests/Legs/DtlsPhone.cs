using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.WebRtc.Dtls;

namespace Bridge.Calls.Tests.Legs;

/// <summary>
/// A SIP phone's DTLS-SRTP side on loopback sockets, made of Bridge.WebRtc's own DTLS endpoint: one association per
/// component (RTP, and RTCP on its own socket without rtcp-mux, RFC 5764 §4.1), SRTP with the exported keys, and a record
/// of every datagram the bridge sent it.
/// </summary>
internal sealed class DtlsPhone : IAsyncDisposable
{
    private readonly Socket _rtp = Bind();
    private readonly Socket? _rtcp;
    private readonly DtlsCertificate _presented;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private DtlsSrtpEndpoint? _rtpDtls;
    private DtlsSrtpEndpoint? _rtcpDtls;
    private volatile SrtpSession? _srtp;
    private IPEndPoint? _bridgeRtp;
    private IPEndPoint? _bridgeRtcp;
    private int _decrypted;
    private ushort _sequence = 1;

    public DtlsPhone(bool rtcpMux, DtlsCertificate? presented = null)
    {
        RtcpMux = rtcpMux;
        _rtcp = rtcpMux ? null : Bind();
        Offered = DtlsCertificate.Generate();
        _presented = presented ?? Offered;
    }

    public bool RtcpMux { get; }

    /// <summary>The certificate whose fingerprint the phone's offer carries.</summary>
    public DtlsCertificate Offered { get; }

    public IPEndPoint RtpEndPoint => (IPEndPoint)_rtp.LocalEndPoint!;

    public IPEndPoint? RtcpEndPoint => (IPEndPoint?)_rtcp?.LocalEndPoint;

    /// <summary>Every datagram the bridge sent to the phone's RTP socket.</summary>
    public ConcurrentQueue<byte[]> Wire { get; } = new();

    public int Decrypted => Volatile.Read(ref _decrypted);

    /// <summary>Learns the bridge's ports and starts the receive loops.</summary>
    public void Connect(RtpSession bridge)
    {
        _bridgeRtp = bridge.LocalRtpEndPoint;
        _bridgeRtcp = bridge.LocalRtcpEndPoint;
        _loops.Add(Task.Run(() => ReceiveAsync(_rtp, rtcp: false)));
        if (_rtcp is { } rtcp)
        {
            _loops.Add(Task.Run(() => ReceiveAsync(rtcp, rtcp: true)));
        }
    }

    /// <summary>Runs the handshake of each component in <paramref name="role"/>; <paramref name="before"/> is sent to the RTP port first.</summary>
    public async Task<(DtlsSrtpKeys Rtp, DtlsSrtpKeys? Rtcp)> HandshakeAsync(DtlsRole role, DtlsFingerprint bridge, byte[]? before = null)
    {
        if (before is not null)
        {
            SendRaw(before);
        }

        var options = new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(10), SrtpSuites = [SrtpSuite.AesCm128HmacSha1Tag80] };
        _rtpDtls = new DtlsSrtpEndpoint(_presented, role, bridge, d => _rtp.SendTo(d, SocketFlags.None, _bridgeRtp!), options);
        _rtpDtls.Start();
        if (_rtcp is { } rtcpSocket)
        {
            _rtcpDtls = new DtlsSrtpEndpoint(_presented, role, bridge, d => rtcpSocket.SendTo(d, SocketFlags.None, _bridgeRtcp!), options);
            _rtcpDtls.Start();
        }

        var keys = await _rtpDtls.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        _srtp = keys.CreateSession();
        var rtcpKeys = _rtcpDtls is null ? null : await _rtcpDtls.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        return (keys, rtcpKeys);
    }

    public void SendRaw(ReadOnlySpan<byte> datagram) => _rtp.SendTo(datagram, SocketFlags.None, _bridgeRtp!);

    /// <summary>A plain PCMU packet, as a phone that ignored the keying would send.</summary>
    public void SendPlainRtp()
    {
        var buffer = new byte[200];
        SendRaw(buffer.AsSpan(0, Packet(buffer, new byte[160])));
    }

    /// <summary>An SRTP PCMU packet protected with the RTP component's keys.</summary>
    public void SendSrtp(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[400];
        var length = _srtp!.ProtectRtp(buffer, Packet(buffer, payload));
        Assert.True(length > 0);
        SendRaw(buffer.AsSpan(0, length));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _rtp.Dispose();
        _rtcp?.Dispose();
        await Task.WhenAll(_loops);
        _rtpDtls?.Dispose();
        _rtcpDtls?.Dispose();
        _srtp?.Dispose();
        _stop.Dispose();
    }

    private int Packet(Span<byte> buffer, ReadOnlySpan<byte> payload)
    {
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(false, 0, _sequence++, _sequence * 160u, 0x1234_5678) && writer.TryWritePayload(payload));
        return writer.Length;
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private async Task ReceiveAsync(Socket socket, bool rtcp)
    {
        var buffer = new byte[2048];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (received > 0 && buffer[0] is >= 20 and <= 63)
                {
                    (rtcp ? _rtcpDtls : _rtpDtls)?.TryDeliver(buffer.AsSpan(0, received));
                    continue;
                }

                if (rtcp)
                {
                    continue;
                }

                Wire.Enqueue(buffer.AsSpan(0, received).ToArray());
                var length = received;
                if (_srtp is { } srtp && !RtpPacket.LooksLikeRtcp(buffer.AsSpan(0, received)) && srtp.TryUnprotectRtp(buffer, ref length))
                {
                    Interlocked.Increment(ref _decrypted);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
