using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Rtp;

/// <summary>
/// One call leg's media transport (RFC 3550): the UDP sockets of a port pair (or one socket with rtcp-mux, RFC 5761)
/// bound to a local address, received by the allocator's <see cref="Receive.RtpReceiveEngine"/> or a receive loop per socket over a pooled buffer, symmetric RTP (RFC 4961; the first source
/// within a short window is latched, and only a source continuing the stream may take over: see
/// <see cref="RtpSourceLatch"/>), RTP sending with our own SSRC, sequence and timestamp, periodic SR/RR + SDES
/// (§6.2–6.4) and a BYE on close, and an inactivity timer suspended on hold.
/// Received audio goes to <see cref="JitterBuffer"/>, RFC 4733 events to <see cref="EventReceiver"/>.
/// SRTP plugs in through <see cref="Protector"/>. Sending (<see cref="SendAudio"/>) is meant for one thread (the mixer).
/// </summary>
public sealed partial class RtpSession : IDisposable
{
    private const int BufferSize = 2048;
    private const int ProtectionHeadroom = 64;
    private const int MaxPayload = BufferSize - RtpPacket.FixedHeaderLength - ProtectionHeadroom;

    private readonly RtpPortAllocator _allocator;
    private readonly Socket _rtpSocket;
    private volatile Socket? _rtcpSocket;
    private RtpSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _cname;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _createdTicks;
    private TelephoneEventSender _eventSender;
    private ushort _sequence;
    private uint _nextTimestamp;
    private uint _lastSentTimestamp;
    private long _lastSentTicks;
    private long _packetsSent;
    private long _octetsSent;
    private bool _sentSinceReport;
    private int _disposed;
    private int _started;
    private volatile SocketAddress? _remoteRtp;
    private volatile SocketAddress? _remoteRtcp;
    private ITimer? _rtcpTimer;

    private RtpSession(RtpPortAllocator allocator, RtpPortPair ports, IPAddress localAddress, Socket rtpSocket, Socket? rtcpSocket, RtpSessionOptions options, TimeProvider time)
    {
        _allocator = allocator;
        Ports = ports;
        LocalAddress = localAddress;
        _rtpSocket = rtpSocket;
        _rtcpSocket = rtcpSocket;
        _options = options;
        _time = time;
        _createdTicks = time.GetTimestamp();
        // RFC 3550 §5.1 and §8.1: random SSRC, initial sequence and timestamp. A strong generator keeps SSRCs of
        // SRTP sessions from colliding predictably (an SSRC reused under one key would reuse keystream).
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Ssrc = Math.Max(1u, BinaryPrimitives.ReadUInt32LittleEndian(random));
        _sequence = BinaryPrimitives.ReadUInt16LittleEndian(random[4..]);
        _nextTimestamp = BinaryPrimitives.ReadUInt32LittleEndian(random[6..]);
        _lastSentTimestamp = _nextTimestamp;
        _cname = Encoding.UTF8.GetBytes(options.Cname ?? Guid.NewGuid().ToString("N"));
        _eventSender = new TelephoneEventSender(options.ClockRate);
        _statsLock = new Lock();
        _receiveStatistics = new RtpReceiverStatistics();
        _rtpLatch = new RtpSourceLatch(time, options.LatchWindow, options.ClockRate);
        _rtcpLatch = new RtpSourceLatch(time, options.LatchWindow, options.ClockRate);
    }

    /// <summary>Raised once when no RTP has arrived for the inactivity timeout while not on hold (RTP timeout: hang up).</summary>
    public event EventHandler? InactivityTimeout;

    /// <summary>Raised when the peer's RTCP BYE for its current SSRC arrives (§6.6).</summary>
    public event EventHandler? ByeReceived;

    /// <summary>The local address the sockets are bound to.</summary>
    public IPAddress LocalAddress { get; }

    /// <summary>The allocated port pair (RTP even, RTCP odd; with rtcp-mux only the RTP port is used).</summary>
    public RtpPortPair Ports { get; }

    /// <summary>True when RTCP shares the RTP port (RFC 5761).</summary>
    public bool RtcpMux => _rtcpSocket is null;

    /// <summary>Our SSRC (random, §8.1).</summary>
    public uint Ssrc { get; }

    /// <summary>The timestamp the next audio frame will carry.</summary>
    public uint NextTimestamp => _nextTimestamp;

    /// <summary>SRTP/SRTCP transform; null sends and accepts plain RTP. Set it before <see cref="Start"/> or when keys change.</summary>
    public IRtpProtector? Protector { get; set; }

    /// <summary>Payload type of received audio delivered to <see cref="JitterBuffer"/> (-1: none). Set by the leg after negotiation.</summary>
    public int ReceivePayloadType { get; set; } = -1;

    /// <summary>Payload type of received RFC 4733 events delivered to <see cref="EventReceiver"/> (-1: none).</summary>
    public int ReceiveEventPayloadType { get; set; } = -1;

    /// <summary>Payload type used by <see cref="SendAudio"/>.</summary>
    public int SendPayloadType { get; set; }

    /// <summary>Payload type of the RFC 4733 events we send (-1: digits cannot be sent).</summary>
    public int SendEventPayloadType { get; set; } = -1;

    /// <summary>Where received audio goes (one per receiving leg).</summary>
    public JitterBuffer? JitterBuffer { get; set; }

    /// <summary>Where received telephone events go.</summary>
    public TelephoneEventReceiver? EventReceiver { get; set; }

    /// <summary>Receives packets of any other payload type.</summary>
    public RtpPacketReceivedHandler? OtherPacketReceived { get; set; }

    /// <summary>Receives STUN (ICE consent, RFC 7675) and DTLS datagrams arriving on the RTP or RTCP port (RFC 7983).</summary>
    public DatagramReceivedHandler? NonMediaDatagramReceived { get; set; }

    /// <summary>While true the inactivity timer is suspended (the peer may legitimately stop sending on hold).</summary>
    public bool OnHold
    {
        get => _onHold;
        set
        {
            _onHold = value;
            if (!value)
            {
                Volatile.Write(ref _lastReceiveTicks, _time.GetTimestamp());
            }
        }
    }

    /// <summary>The local RTP endpoint.</summary>
    public IPEndPoint LocalRtpEndPoint => (IPEndPoint)_rtpSocket.LocalEndPoint!;

    /// <summary>The local RTCP endpoint (the RTP endpoint with rtcp-mux).</summary>
    public IPEndPoint LocalRtcpEndPoint => (IPEndPoint)(_rtcpSocket ?? _rtpSocket).LocalEndPoint!;

    /// <summary>Where RTP is sent now: the signalled address until a packet latches it (null before either).</summary>
    public IPEndPoint? RemoteRtpEndPoint => ToEndPoint(_remoteRtp);

    /// <summary>Where RTCP is sent now.</summary>
    public IPEndPoint? RemoteRtcpEndPoint => ToEndPoint(_remoteRtcp ?? (RtcpMux ? _remoteRtp : null));

    /// <summary>True once a received packet fixed the remote RTP endpoint (symmetric RTP).</summary>
    public bool IsLatched => _rtpLatch.IsLatched;

    /// <summary>
    /// Allocates a port pair and binds its sockets to <paramref name="localAddress"/>, trying further pairs when a bind fails.
    /// False when the range is exhausted or nothing could be bound (the caller answers 503).
    /// </summary>
    public static bool TryCreate(RtpPortAllocator allocator, IPAddress localAddress, RtpSessionOptions options, TimeProvider time, [NotNullWhen(true)] out RtpSession? session)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        session = null;

        // Each free pair is tried at most once (failed ones go back at the tail of the free list, behind the others). A port
        // held by another program is passed over, however many there are: a second bridge or another RTP program on part of
        // the range refused calls while thousands of pairs were free (8 attempts, then 503; issue 14's soak beside another).
        // Any other failure (a media address not on this host fails every pair) gives up after BindAttempts.
        int candidates = allocator.Available;
        int otherFailures = 0;
        int maxOtherFailures = Math.Max(1, options.BindAttempts);
        for (int tried = 0; tried < candidates && otherFailures < maxOtherFailures && allocator.TryAllocate(out RtpPortPair pair); tried++)
        {
            int failedPort = pair.RtpPort;
            if (TryBind(localAddress, pair.RtpPort, out Socket? rtp, out SocketError error))
            {
                Socket? rtcp = null;
                if (options.RtcpMux || TryBind(localAddress, pair.RtcpPort, out rtcp, out error))
                {
                    session = new RtpSession(allocator, pair, localAddress, rtp, rtcp, options, time);
                    return true;
                }

                rtp.Dispose();
                failedPort = pair.RtcpPort;
            }

            allocator.NoteBindFailure(failedPort, error);
            allocator.Release(pair);
            if (error != SocketError.AddressAlreadyInUse)
            {
                otherFailures++;
            }
        }

        return false;
    }

    /// <summary>
    /// Sets the peer's addresses from SDP (RTCP defaults to port + 1, or the RTP address with rtcp-mux). Once a packet has
    /// latched the remote endpoint this is ignored, unless <paramref name="resetLatch"/> (a re-INVITE moved the peer): that
    /// is <see cref="ResetLatch"/>.
    /// </summary>
    public void SetRemote(IPEndPoint rtp, IPEndPoint? rtcp = null, bool resetLatch = false)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        if (resetLatch)
        {
            ResetLatch(rtp, rtcp);
            return;
        }

        SignalRemote(rtp.Serialize(), RtcpMux ? null : (rtcp ?? new IPEndPoint(rtp.Address, rtp.Port + 1)).Serialize());
    }

    /// <summary>
    /// Switches to rtcp-mux (RFC 5761) after negotiation: RTCP is then sent and received on the RTP port and the odd
    /// port's socket is closed (the pair stays allocated until dispose). Call it before <see cref="SetRemote"/>.
    /// </summary>
    public void EnableRtcpMux()
    {
        Socket? rtcp = _rtcpSocket;
        if (rtcp is null)
        {
            return;
        }

        _rtcpSocket = null;
        if (!_rtcpLatch.IsLatched)
        {
            _remoteRtcp = null;
        }

        StopReceivingRtcp();
        rtcp.Dispose();
    }

    /// <summary>Starts receiving, the RTCP timer and the inactivity timer.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _lastReceiveTicks, _time.GetTimestamp());
        OpenLatchWindow();
        StartReceiving();

        TimeSpan check = TimeSpan.FromTicks(Math.Clamp(_options.InactivityTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        StartHousekeeping(check);
        _rtcpTimer = _time.CreateTimer(static s => ((RtpSession)s!).OnRtcpTimer(), this, NextRtcpInterval(initial: true), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Sends one audio frame of <paramref name="duration"/> timestamp units with <see cref="SendPayloadType"/>, then advances the
    /// timestamp. While a queued DTMF key is being sent, the RFC 4733 packet replaces the audio (§2.5.1.1 lets audio be suppressed).
    /// </summary>
    public bool SendAudio(ReadOnlySpan<byte> payload, int duration, bool marker = false)
    {
        uint timestamp = _nextTimestamp;
        _nextTimestamp = unchecked(_nextTimestamp + (uint)Math.Max(0, duration));
        if (SendEventPayloadType >= 0)
        {
            Span<byte> eventPayload = stackalloc byte[TelephoneEvent.PayloadLength];
            if (_eventSender.TryNext(timestamp, duration, eventPayload, out bool eventMarker, out uint eventTimestamp))
            {
                return SendRtp(eventPayload, SendEventPayloadType, eventMarker, eventTimestamp);
            }
        }

        return SendRtp(payload, SendPayloadType, marker, timestamp);
    }

    /// <summary>Advances the send timestamp without sending (silence suppression), so the peer sees the gap (§5.1).</summary>
    public void SkipAudio(int duration) => _nextTimestamp = unchecked(_nextTimestamp + (uint)Math.Max(0, duration));

    /// <summary>Queues a DTMF key to send as RFC 4733 events in place of the next audio frames. False without an event payload type.</summary>
    public bool SendDigit(char digit) => SendEventPayloadType >= 0 && _eventSender.Enqueue(digit);

    /// <summary>Sends one RTP packet with an explicit payload type, marker and timestamp (our SSRC and next sequence number).</summary>
    public bool SendRtp(ReadOnlySpan<byte> payload, int payloadType, bool marker, uint timestamp)
    {
        SocketAddress? remote = _remoteRtp;
        if (_disposed != 0 || remote is null || payload.Length > MaxPayload)
        {
            return false;
        }

        byte[] buffer = SendBuffer;
        var writer = new RtpPacketWriter(buffer);
        if (!writer.TryWriteHeader(marker, payloadType, _sequence, timestamp, Ssrc) || !writer.TryWritePayload(payload))
        {
            return false;
        }

        _sequence++;
        int length = writer.Length;
        IRtpProtector? protector = Protector;
        if (protector is not null)
        {
            length = protector.ProtectRtp(buffer, length);
            if (length <= 0)
            {
                return false;
            }
        }

        _lastSentTimestamp = timestamp;
        Volatile.Write(ref _lastSentTicks, _time.GetTimestamp());
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _octetsSent, payload.Length);
        _sentSinceReport = true;
        return TrySend(_rtpSocket, buffer.AsSpan(0, length), remote);
    }

    /// <summary>Sends a raw datagram (a STUN response, a DTLS record) from the RTP port to <paramref name="to"/>.</summary>
    public bool SendDatagram(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return _disposed == 0 && TrySend(_rtpSocket, datagram, to);
    }

    /// <summary>Sends an RTCP BYE (§6.6), stops the loops and timers, closes the sockets and releases the ports.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _rtcpTimer?.Dispose();
        StopHousekeeping();
        if (_started != 0)
        {
            SendRtcpReport(bye: true);
        }

        StopReceiving();
        _stop.Cancel();
        _rtpSocket.Dispose();
        _rtcpSocket?.Dispose();
        _stop.Dispose();
        _allocator.Release(Ports);
    }

    private static bool TryBind(IPAddress address, int port, [NotNullWhen(true)] out Socket? socket, out SocketError error)
    {
        socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            error = SocketError.Success;
            return true;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            socket = null;
            error = e.SocketErrorCode;
            return false;
        }
    }

    private bool TrySend(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (SendsNatively && TrySendNative(socket, datagram, remote, out bool sent))
        {
            return sent;
        }

        try
        {
            return socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static IPEndPoint? ToEndPoint(SocketAddress? address) =>
        address is null ? null : (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);

    private void Housekeeping()
    {
        EventReceiver?.Poll();
        if (_onHold || _timedOut || _disposed != 0)
        {
            return;
        }

        if (_time.GetElapsedTime(Volatile.Read(ref _lastReceiveTicks)) >= _options.InactivityTimeout)
        {
            _timedOut = true;
            InactivityTimeout?.Invoke(this, EventArgs.Empty);
        }
    }
}
