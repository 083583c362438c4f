using System.Net;
using System.Net.Sockets;

namespace Bridge.Rtp;

/// <summary>
/// Source latching of <see cref="RtpSession"/> (symmetric RTP, RFC 4961) through <see cref="RtpSourceLatch"/>: which
/// packets are taken, where we send, and a rate-limited report of packets dropped from foreign sources.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>Shortest time between two <see cref="ForeignSourceDropped"/> reports of one session.</summary>
    internal static readonly TimeSpan ForeignReportInterval = TimeSpan.FromSeconds(10);

    private readonly RtpSourceLatch _rtpLatch;
    private readonly RtpSourceLatch _rtcpLatch;
    private SocketAddress? _signalledRtp;
    private long _foreignDropped;
    private long _foreignReported;
    private long _lastForeignReportTicks;

    /// <summary>
    /// Raised on the receive loop, at most once per <see cref="ForeignReportInterval"/>, when RTP or RTCP from a source that
    /// may not take over the call was dropped (someone trying to hijack the media, or a stale peer). Only the report allocates.
    /// </summary>
    public event EventHandler<RtpForeignSourceEventArgs>? ForeignSourceDropped;

    /// <summary>
    /// The peer moved (a re-INVITE or UPDATE gave a new address): send to <paramref name="rtp"/> now, forget the latched
    /// sources and learn again within <see cref="RtpSessionOptions.LatchWindow"/>. When the signalled RTP address is the one
    /// already signalled (a session refresh), nothing changes: reopening the window then would only invite a hijack.
    /// RTCP defaults to port + 1, or the RTP address with rtcp-mux.
    /// </summary>
    public void ResetLatch(IPEndPoint rtp, IPEndPoint? rtcp = null)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        SocketAddress signalled = rtp.Serialize();
        if (_signalledRtp is { } previous && previous.Equals(signalled))
        {
            SetRemote(rtp, rtcp);
            return;
        }

        SocketAddress? signalledRtcp = RtcpMux ? null : (rtcp ?? new IPEndPoint(rtp.Address, rtp.Port + 1)).Serialize();
        _signalledRtp = signalled;
        _rtpLatch.Open(signalled);
        _rtcpLatch.Open(signalledRtcp);
        _remoteRtp = signalled;
        _remoteRtcp = signalledRtcp;
    }

    /// <summary>Records the addresses from SDP until a packet latches; they are where we send until then.</summary>
    private void SignalRemote(SocketAddress rtp, SocketAddress? rtcp)
    {
        if (!_rtpLatch.IsLatched)
        {
            _signalledRtp = rtp;
            _rtpLatch.Signal(rtp);
            _remoteRtp = rtp;
        }

        if (!_rtcpLatch.IsLatched)
        {
            _rtcpLatch.Signal(rtcp);
            _remoteRtcp = rtcp;
        }
    }

    private void OpenLatchWindow()
    {
        _rtpLatch.RestartWindow();
        _rtcpLatch.RestartWindow();
    }

    private bool LatchRtp(SocketAddress from, in RtpPacket packet)
    {
        RtpSourceLatch latch = _rtpLatch;
        switch (latch.OfferRtp(from, packet.Ssrc, packet.SequenceNumber, packet.Timestamp))
        {
            case RtpLatchResult.Accepted:
                return true;
            case RtpLatchResult.Relatched:
                Interlocked.Increment(ref _relatches);
                _remoteRtp = latch.Current;
                return true;
            case RtpLatchResult.Latched:
                _remoteRtp = latch.Current;
                return true;
            default:
                DroppedForeign(from);
                return false;
        }
    }

    private bool LatchRtcp(SocketAddress from)
    {
        RtpSourceLatch latch = _rtcpLatch;
        switch (latch.OfferRtcp(from, _rtpLatch.Current))
        {
            case RtpLatchResult.Accepted:
                return true;
            case RtpLatchResult.Latched:
            case RtpLatchResult.Relatched:
                _remoteRtcp = latch.Current;
                return true;
            default:
                DroppedForeign(from);
                return false;
        }
    }

    private void DroppedForeign(SocketAddress from)
    {
        long dropped = Interlocked.Increment(ref _foreignDropped);
        long now = _time.GetTimestamp();
        long last = Volatile.Read(ref _lastForeignReportTicks);
        if (last != 0 && _time.GetElapsedTime(last, now) < ForeignReportInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastForeignReportTicks, now, last) != last)
        {
            return; // the other receive loop reports this time
        }

        long since = dropped - Interlocked.Exchange(ref _foreignReported, dropped);
        EventHandler<RtpForeignSourceEventArgs>? handler = ForeignSourceDropped;
        if (handler is not null && ToEndPoint(from) is { } source)
        {
            handler(this, new RtpForeignSourceEventArgs(source, since, dropped));
        }
    }
}
