using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Bridge.Rtp;

/// <summary>RTCP side of <see cref="RtpSession"/>: periodic reports (RFC 3550 §6.2–6.4), BYE, and the peer's reports.</summary>
public sealed partial class RtpSession
{
    private readonly Lock _rtcpSendLock = new();
    private uint _lastSenderReport;
    private long _lastSenderReportTicks;
    private double _averageRtcpSize = 128;
    private byte _remoteFractionLost;
    private int _remoteCumulativeLost;
    private uint _remoteJitter;
    private long _roundTripTicks = -1;

    private volatile bool _rtcpEnabled = true;

    /// <summary>
    /// False while the stream is disabled (a re-offer put it on port 0, RFC 3264 §8.2): no RTCP report and no BYE goes to
    /// the peer, which has removed the stream. Setting it back to true resumes the reports at the next interval.
    /// </summary>
    public bool RtcpEnabled
    {
        get => _rtcpEnabled;
        set => _rtcpEnabled = value;
    }

    /// <summary>Reads the current figures of this leg.</summary>
    public RtpSessionStatistics GetStatistics()
    {
        long lost;
        uint jitter;
        byte remoteFraction;
        int remoteLost;
        uint remoteJitter;
        long rtt;
        lock (_statsLock)
        {
            lost = _receiveStatistics.IsStarted ? _receiveStatistics.CumulativeLost : 0;
            jitter = _receiveStatistics.Jitter;
            remoteFraction = _remoteFractionLost;
            remoteLost = _remoteCumulativeLost;
            remoteJitter = _remoteJitter;
            rtt = _roundTripTicks;
        }

        return new RtpSessionStatistics(
            Interlocked.Read(ref _packetsSent),
            Interlocked.Read(ref _octetsSent),
            Interlocked.Read(ref _packetsReceived),
            Interlocked.Read(ref _octetsReceived),
            lost,
            UnitsToTime(jitter),
            remoteFraction / 256.0,
            remoteLost,
            UnitsToTime(remoteJitter),
            rtt < 0 ? null : TimeSpan.FromTicks(rtt),
            Interlocked.Read(ref _malformed),
            Interlocked.Read(ref _unprotectFailures),
            Interlocked.Read(ref _ssrcChanges),
            Interlocked.Read(ref _relatches),
            Interlocked.Read(ref _foreignDropped));
    }

    /// <summary>Handles one RTCP datagram (from the RTCP port, or demultiplexed from the RTP port with rtcp-mux).</summary>
    internal void HandleRtcp(Span<byte> datagram, SocketAddress from)
    {
        int length = datagram.Length;
        IRtpProtector? protector = Protector;
        if (protector is not null && !protector.TryUnprotectRtcp(datagram, ref length))
        {
            Interlocked.Increment(ref _unprotectFailures);
            return;
        }

        ReadOnlySpan<byte> compound = datagram[..length];
        if (!RtcpCompoundReader.IsValidCompound(compound))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        if (!LatchRtcp(from))
        {
            return;
        }

        _averageRtcpSize = (length + 28) / 16.0 + (_averageRtcpSize * 15 / 16);
        uint now = NtpTime.ToCompact(NtpTime.FromDateTimeOffset(_time.GetUtcNow()));
        bool bye = false;
        var reader = new RtcpCompoundReader(compound);
        lock (_statsLock)
        {
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                switch (packet.PacketType)
                {
                    case RtcpPacketType.SenderReport:
                        if (packet.TryGetSenderInfo(out RtcpSenderInfo info) && (!_haveRemoteSsrc || packet.Ssrc == _remoteSsrc))
                        {
                            _lastSenderReport = info.CompactNtp;
                            _lastSenderReportTicks = _time.GetTimestamp();
                        }

                        ReadReportBlocks(packet, now);
                        break;
                    case RtcpPacketType.ReceiverReport:
                        ReadReportBlocks(packet, now);
                        break;
                    case RtcpPacketType.ExtendedReport:
                        ReadExtendedReport(packet);
                        break;
                    case RtcpPacketType.Bye:
                        for (int i = 0; packet.TryGetByeSsrc(i, out uint ssrc); i++)
                        {
                            bye |= _haveRemoteSsrc && ssrc == _remoteSsrc;
                        }

                        break;
                }
            }
        }

        RtcpReceived?.Invoke(this, compound);
        if (bye)
        {
            ByeReceived?.Invoke(this, EventArgs.Empty);
        }
    }

    /// <summary>
    /// When set, gets every valid compound after the reports were read, on the receive loop (WebRTC video: RTCP feedback,
    /// RFC 4585). Must not block; must not allocate per packet.
    /// </summary>
    public RtcpCompoundReceivedHandler? RtcpReceived { get; set; }

    private void ReadReportBlocks(in RtcpPacket packet, uint now)
    {
        for (int i = 0; packet.TryGetReportBlock(i, out RtcpReportBlock block); i++)
        {
            if (block.Ssrc != Ssrc)
            {
                continue;
            }

            _remoteFractionLost = block.FractionLost;
            _haveRemoteReport = true;
            _remoteCumulativeLost = block.CumulativeLost;
            _remoteJitter = block.Jitter;
            if (NtpTime.TryComputeRoundTrip(now, block.LastSenderReport, block.DelaySinceLastSenderReport, out TimeSpan rtt))
            {
                _roundTripTicks = rtt.Ticks;
            }
        }
    }

    private void OnRtcpTimer()
    {
        if (_disposed != 0)
        {
            return;
        }

        SendRtcpReport(bye: false);
        try
        {
            _rtcpTimer?.Change(NextRtcpInterval(initial: false), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Sends SR (when we sent since the last report) or RR, SDES CNAME, and BYE when leaving (§6.1 compound rules).</summary>
    private void SendRtcpReport(bool bye)
    {
        // The timer and Dispose may both get here; RTCP is rare, so a lock around building and sending a report is fine.
        lock (_rtcpSendLock)
        {
            BuildAndSendRtcpReport(bye);
        }
    }

    private void BuildAndSendRtcpReport(bool bye)
    {
        SocketAddress? remote = _remoteRtcp ?? (RtcpMux ? _remoteRtp : null);
        if (remote is null || !_rtcpEnabled)
        {
            return;
        }

        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
        int blockCount = 0;
        lock (_statsLock)
        {
            if (_haveRemoteSsrc && _receiveStatistics.IsStarted)
            {
                uint dlsr = _lastSenderReport == 0 ? 0 : NtpTime.ToCompactDuration(_time.GetElapsedTime(_lastSenderReportTicks));
                blocks[0] = _receiveStatistics.CreateReportBlock(_remoteSsrc, _lastSenderReport, dlsr);
                _localFractionLost = blocks[0].FractionLost;
                blockCount = 1;
            }
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize); // a report every few seconds: no buffer kept per session
        try
        {
            WriteAndSendReport(buffer, blocks[..blockCount], bye, remote);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteAndSendReport(byte[] buffer, ReadOnlySpan<RtcpReportBlock> blocks, bool bye, SocketAddress remote)
    {
        var writer = new RtcpCompoundWriter(buffer.AsSpan(0, BufferSize - ProtectionHeadroom));
        bool ok;
        if (_sentSinceReport)
        {
            _sentSinceReport = false;
            long sinceLastSent = _time.GetElapsedTime(Volatile.Read(ref _lastSentTicks)).Ticks;
            uint rtpNow = unchecked(_lastSentTimestamp + (uint)(sinceLastSent * (double)_options.ClockRate / TimeSpan.TicksPerSecond));
            var info = new RtcpSenderInfo(
                NtpTime.FromDateTimeOffset(_time.GetUtcNow()),
                rtpNow,
                (uint)Interlocked.Read(ref _packetsSent),
                (uint)Interlocked.Read(ref _octetsSent));
            ok = writer.TryWriteSenderReport(Ssrc, info, blocks);
        }
        else
        {
            ok = writer.TryWriteReceiverReport(Ssrc, blocks);
        }

        ok = ok && writer.TryWriteSdesCname(Ssrc, _cname);
        if (bye)
        {
            Span<uint> ssrcs = [Ssrc];
            ok = ok && writer.TryWriteBye(ssrcs);
        }

        if (!ok)
        {
            return;
        }

        int length = writer.Length;
        IRtpProtector? protector = Protector;
        if (protector is not null)
        {
            length = protector.ProtectRtcp(buffer, length);
            if (length <= 0)
            {
                return;
            }
        }

        _averageRtcpSize = (length + 28) / 16.0 + (_averageRtcpSize * 15 / 16);
        TrySend(_rtcpSocket ?? _rtpSocket, buffer.AsSpan(0, length), remote);
    }

    private TimeSpan NextRtcpInterval(bool initial)
    {
        int senders = (_sentSinceReport ? 1 : 0) + (_haveRemoteSsrc ? 1 : 0);
        double rtcpBandwidth = _options.SessionBandwidth / 8.0 * 0.05;
        return UntilGridPoint(RtcpInterval.Compute(2, senders, rtcpBandwidth, _sentSinceReport, _averageRtcpSize, initial, Random.Shared), RtcpGrid);
    }

    private TimeSpan UnitsToTime(uint units) => TimeSpan.FromTicks(units * TimeSpan.TicksPerSecond / _options.ClockRate);
}
