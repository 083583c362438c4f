using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bridge.Media;
using Bridge.Media.Codecs;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.TestKit.Audio;
using Bridge.WebRtc.Dtls;
using Bridge.WebRtc.Stun;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>
/// The browser's side, assembled from Bridge.WebRtc's own pieces on a loopback socket: a JSEP-like offer (audio with Opus,
/// a video m-line the bridge must reject, BUNDLE), ICE as the controlling agent with USE-CANDIDATE (RFC 8445 §7.2.5.3),
/// DTLS as the client (the bridge answers a=setup:passive), SRTP with the exported keys, an Opus tone out and decoded
/// audio in. Everything received is kept for the test thread to judge.
/// </summary>
internal sealed partial class TestWebRtcClient : IAsyncDisposable
{
    public const int OpusPayloadType = 111;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _received = new();
    private readonly List<short> _pcm = [];
    private readonly IAudioDecoder _decoder = AudioCodecs.CreateDecoder(AudioCodecs.Opus);
    private readonly string _ufrag = "cl" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly string _password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
    private readonly DtlsCertificate _offered;
    private readonly DtlsCertificate _presented;
    private volatile SrtpSession? _srtp;
    private volatile bool _iceSucceeded;
    private long _bridgeSsrc = -1;
    private DtlsSrtpEndpoint? _dtls;
    private Task? _receiveLoop;
    private Task? _sendLoop;
    private string _bridgeUfrag = "";
    private string _bridgePassword = "";
    private DtlsFingerprint? _bridgeFingerprint;

    /// <param name="presented">A certificate other than the offered one: its fingerprint will not match the offer.</param>
    public TestWebRtcClient(DtlsCertificate? presented = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _offered = DtlsCertificate.Generate();
        _presented = presented ?? _offered;
    }

    /// <summary>The RFC 6464 level (-dBov) written into each packet's extension (id 1, as offered).</summary>
    public int Level { get; set; } = 20;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public IPEndPoint? Bridge { get; private set; }

    public bool IceSucceeded => _iceSucceeded;

    /// <summary>Samples (48 kHz) decoded from the bridge so far.</summary>
    public int ReceivedSamples
    {
        get
        {
            lock (_received)
            {
                return _pcm.Count;
            }
        }
    }

    public string CreateOffer() => $"""
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic: WMS stream
        m=audio 9 UDP/TLS/RTP/SAVPF {OpusPayloadType} 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:{_ufrag}
        a=ice-pwd:{_password}
        a=ice-options:trickle
        a=fingerprint:{_offered.Fingerprint}
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=sendrecv
        a=msid:stream track
        a=rtcp-mux
        a=rtpmap:{OpusPayloadType} opus/48000/2
        a=rtcp-fb:{OpusPayloadType} transport-cc
        a=fmtp:{OpusPayloadType} minptime=10;useinbandfec=1
        a=rtpmap:126 telephone-event/8000
        a=ssrc:4242 cname:testclient
        m=video 9 UDP/TLS/RTP/SAVPF 96
        c=IN IP4 0.0.0.0
        a=ice-ufrag:{_ufrag}
        a=ice-pwd:{_password}
        a=fingerprint:{_offered.Fingerprint}
        a=setup:actpass
        a=mid:1
        a=sendrecv
        a=rtcp-mux
        a=rtpmap:96 VP8/90000

        """.ReplaceLineEndings("\r\n");

    /// <summary>Reads the bridge's ICE values, fingerprint and port from its answer and starts receiving.</summary>
    public void ApplyAnswer(string answer)
    {
        _bridgeUfrag = Attribute(answer, "ice-ufrag");
        _bridgePassword = Attribute(answer, "ice-pwd");
        Assert.True(DtlsFingerprint.TryParse(Attribute(answer, "fingerprint"), out _bridgeFingerprint));
        var port = int.Parse(AudioPort().Match(answer).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Bridge = new IPEndPoint(IPAddress.Loopback, port);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Sends checks until one succeeds (the last carries USE-CANDIDATE: nominated).</summary>
    public async Task ConnectIceAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_iceSucceeded && DateTime.UtcNow < deadline)
        {
            SendRaw(BindingRequest(useCandidate: true, _bridgePassword));
            await Task.Delay(100);
        }
    }

    /// <summary>A check whose MESSAGE-INTEGRITY is made with the wrong password (it must not validate the address).</summary>
    public void SendBadCheck() => SendRaw(BindingRequest(useCandidate: true, "wrong-password-wrong-password"));

    /// <summary>Runs the DTLS handshake as the client and keeps the SRTP session of its keys.</summary>
    public async Task<DtlsSrtpKeys> HandshakeAsync()
    {
        _dtls = new DtlsSrtpEndpoint(_presented, DtlsRole.Client, _bridgeFingerprint!, SendRaw, new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(8) });
        _dtls.Start();
        var keys = await _dtls.Handshake;
        _srtp = keys.CreateSession();
        return keys;
    }

    /// <summary>Starts the DTLS client without waiting for it (the wrong-fingerprint test expects it to fail).</summary>
    public Task StartHandshake()
    {
        _dtls = new DtlsSrtpEndpoint(_presented, DtlsRole.Client, _bridgeFingerprint!, SendRaw, new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(8) });
        _dtls.Start();
        return _dtls.Handshake;
    }

    /// <summary>Sends a 20 ms Opus frame of <paramref name="frequency"/> every 20 ms (SRTP once keys exist, else nothing).</summary>
    public void StartTone(double frequency) => _sendLoop = Task.Run(() => SendToneAsync(frequency));

    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        if (Bridge is { } bridge)
        {
            _socket.SendTo(datagram, SocketFlags.None, bridge);
        }
    }

    /// <summary>
    /// Sends an SRTCP receiver report (RFC 3550 §6.4.2, rtcp-mux) about the bridge's audio, as a browser does: lost
    /// <paramref name="fractionLost"/>/256 of it, with <paramref name="jitter"/> in 48 kHz units. False before the client
    /// received any audio (it does not know the bridge's SSRC yet) or has keys.
    /// </summary>
    public bool SendReceiverReport(byte fractionLost, uint jitter)
    {
        var ssrc = Interlocked.Read(ref _bridgeSsrc);
        if (ssrc < 0 || _srtp is not { } srtp)
        {
            return false;
        }

        var buffer = new byte[256];
        var writer = new RtcpCompoundWriter(buffer);
        writer.TryWriteReceiverReport(4242, [new RtcpReportBlock((uint)ssrc, fractionLost, 1, 1000, jitter, 0, 0)]);
        writer.TryWriteSdesCname(4242, "testclient"u8);
        var length = srtp.ProtectRtcp(buffer, writer.Length);
        if (length <= 0)
        {
            return false;
        }

        SendRaw(buffer.AsSpan(0, length));
        return true;
    }

    /// <summary>The last <paramref name="samples"/> decoded samples.</summary>
    public short[] Tail(int samples)
    {
        lock (_received)
        {
            var take = Math.Min(samples, _pcm.Count);
            return [.. _pcm.GetRange(_pcm.Count - take, take)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await Task.WhenAny(_receiveLoop);
        }

        if (_sendLoop is not null)
        {
            await Task.WhenAny(_sendLoop);
        }

        _dtls?.Dispose();
        _srtp?.Dispose();
        _stop.Dispose();
    }

    private byte[] BindingRequest(bool useCandidate, string password)
    {
        var buffer = new byte[256];
        var transaction = RandomNumberGenerator.GetBytes(12);
        var writer = new StunMessageWriter(buffer, 0x0001, transaction);
        writer.AddUsername(Encoding.UTF8.GetBytes(_bridgeUfrag + ":" + _ufrag));
        writer.AddPriority(1853817087);
        writer.AddIceControlling(0x1122334455667788);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        using var integrity = new StunMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddMessageIntegrity(integrity);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        var pcm = new short[AudioFrame.MaxPacketSamples];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                var first = received > 0 ? buffer[0] : (byte)0;
                if (first < 4)
                {
                    // A Binding success response (RFC 8489 §6.3.3) to one of our checks.
                    _iceSucceeded |= received >= 20 && buffer[0] == 0x01 && buffer[1] == 0x01;
                }
                else if (first is >= 20 and <= 63)
                {
                    _dtls?.TryDeliver(buffer.AsSpan(0, received));
                }
                else if (first is >= 128 and <= 191 && _srtp is { } srtp && !RtpPacket.LooksLikeRtcp(buffer.AsSpan(0, received)))
                {
                    var length = received;
                    if (srtp.TryUnprotectRtp(buffer, ref length) && RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet)
                        && packet.PayloadType == OpusPayloadType)
                    {
                        Interlocked.Exchange(ref _bridgeSsrc, packet.Ssrc);
                        var samples = _decoder.Decode(packet.Payload, pcm);
                        if (samples > 0)
                        {
                            lock (_received)
                            {
                                _pcm.AddRange(pcm.AsSpan(0, samples));
                            }
                        }
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>
    /// Timestamps follow the wall clock as a browser's capture clock does: on a loaded machine a late tick is a gap the
    /// bridge conceals, never a stream that falls behind real time.
    /// </summary>
    private async Task SendToneAsync(double frequency)
    {
        var encoder = AudioCodecs.CreateEncoder(AudioCodecs.Opus);
        var pcm = new short[960];
        var payload = new byte[1500];
        var packet = new byte[1600];
        ushort sequence = 1;
        long lastFrame = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var frame = (long)(clock.Elapsed.TotalMilliseconds / 20);
                if (frame == lastFrame)
                {
                    continue;
                }

                lastFrame = frame;
                TestTones.Fill(pcm, frequency, 48000, offset: frame * pcm.Length);
                var bytes = encoder.Encode(pcm, payload);
                if (_srtp is not { } srtp || bytes <= 0)
                {
                    continue;
                }

                var writer = new RtpPacketWriter(packet);
                writer.TryWriteHeader(false, OpusPayloadType, sequence++, (uint)(frame * pcm.Length), 4242);
                writer.TryWriteExtension(0xBEDE, [0x10, (byte)(0x80 | Level), 0, 0]);
                writer.TryWritePayload(payload.AsSpan(0, bytes));
                var length = srtp.ProtectRtp(packet, writer.Length);
                if (length > 0)
                {
                    SendRaw(packet.AsSpan(0, length));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private static string Attribute(string sdp, string name)
    {
        var match = Regex.Match(sdp, "^a=" + Regex.Escape(name) + ":(.+?)\r?$", RegexOptions.Multiline);
        Assert.True(match.Success, "the answer has no a=" + name);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"^m=audio (\d+) ", RegexOptions.Multiline)]
    private static partial Regex AudioPort();
}
