using System.Net;
using System.Net.Sockets;
using Bridge.Rtp.Receive;

namespace Bridge.Rtp;

/// <summary>
/// Which path receives a session's datagrams: a dedicated thread of <see cref="RtpReceiveEngine"/> (when the allocator has
/// one) or the portable socket loop, and the one dispatch both use (RFC 7983 demultiplexing, source filter, RTP or RTCP).
/// </summary>
public sealed partial class RtpSession
{
    private ReceiveRegistration? _rtpRegistration;
    private ReceiveRegistration? _rtcpRegistration;
    private long _dispatchFailures;

    /// <summary>True when this session's sockets are received by a <see cref="RtpReceiveEngine"/> thread.</summary>
    public bool ReceivesOnEngine => Volatile.Read(ref _rtpRegistration) is not null;

    /// <summary>
    /// Handles one received datagram on the receive path (the engine thread or the socket loop). STUN and DTLS go to the
    /// non-media handlers (RFC 7983 §7: 0–3 STUN, 20–63 DTLS; RTP and RTCP start at 128), media from a refused source is
    /// counted and dropped, the rest is RTCP (own port, or RFC 5761 §4 with rtcp-mux) or RTP.
    /// </summary>
    internal void DispatchDatagram(Span<byte> datagram, SocketAddress from, bool rtcpSocket)
    {
        byte first = datagram.Length > 0 ? datagram[0] : (byte)0;
        if (first < 4 || (first is >= 20 and < 64))
        {
            DatagramReceivedHandler? handler = rtcpSocket ? NonMediaRtcpDatagramReceived ?? NonMediaDatagramReceived : NonMediaDatagramReceived;
            handler?.Invoke(this, datagram, from);
        }
        else if (MediaSourceFilter is { } filter && !filter(from))
        {
            Interlocked.Increment(ref _sourceFiltered);
        }
        else if (rtcpSocket || (RtcpMux && RtpPacket.LooksLikeRtcp(datagram)))
        {
            HandleRtcp(datagram, from);
        }
        else
        {
            HandleRtp(datagram, from);
        }
    }

    /// <summary>Datagrams whose handling threw on the engine thread.</summary>
    internal long DispatchFailures => Interlocked.Read(ref _dispatchFailures);

    /// <summary>A handler threw on the engine thread (counted as malformed input; the thread goes on).</summary>
    internal void CountDispatchFailure() => Interlocked.Increment(ref _dispatchFailures);

    /// <summary>Starts the portable loop for a socket the engine could not take (called by the engine).</summary>
    internal void StartPortableReceive(Socket socket, bool rtcpSocket)
    {
        if (_disposed == 0)
        {
            _ = ReceiveLoopAsync(socket, rtcpSocket);
        }
    }

    /// <summary>Hands the sockets to the allocator's engine, or starts a socket loop for each.</summary>
    private void StartReceiving()
    {
        RtpReceiveEngine? engine = _allocator.ReceiveEngine;
        ReceiveRegistration? rtp = engine?.Register(this, _rtpSocket, rtcpSocket: false);
        Volatile.Write(ref _rtpRegistration, rtp);
        if (rtp is null)
        {
            _ = ReceiveLoopAsync(_rtpSocket, rtcpSocket: false);
        }

        if (_rtcpSocket is { } rtcpSocket)
        {
            ReceiveRegistration? rtcp = engine?.Register(this, rtcpSocket, rtcpSocket: true);
            Volatile.Write(ref _rtcpRegistration, rtcp);
            if (rtcp is null)
            {
                _ = ReceiveLoopAsync(rtcpSocket, rtcpSocket: true);
            }
        }
    }

    /// <summary>Takes the sockets off the engine; returns once its thread no longer touches this session.</summary>
    private void StopReceiving()
    {
        StopReceivingRtcp();
        if (Interlocked.Exchange(ref _rtpRegistration, null) is { } rtp)
        {
            rtp.Thread.Remove(rtp);
        }
    }

    /// <summary>Takes the separate RTCP socket off the engine (before rtcp-mux closes it, or on dispose).</summary>
    private void StopReceivingRtcp()
    {
        if (Interlocked.Exchange(ref _rtcpRegistration, null) is { } rtcp)
        {
            rtcp.Thread.Remove(rtcp);
        }
    }
}
