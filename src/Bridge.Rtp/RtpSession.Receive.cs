using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Bridge.Rtp;

/// <summary>Receive side of <see cref="RtpSession"/>: the portable socket loop, symmetric RTP latching and delivery.</summary>
public sealed partial class RtpSession
{
    private readonly Lock _statsLock;
    private readonly RtpReceiverStatistics _receiveStatistics;
    private volatile bool _onHold;
    private volatile bool _timedOut;
    private long _lastReceiveTicks;
    private bool _haveRemoteSsrc;
    private uint _remoteSsrc;
    private long _packetsReceived;
    private long _octetsReceived;
    private long _malformed;
    private long _unprotectFailures;
    private long _ssrcChanges;
    private long _relatches;
    private long _sourceFiltered;
    private long _silentSkipped;

    /// <summary>
    /// When set, RTP and RTCP from a source it refuses are dropped before decryption (WebRTC: only an ICE-validated address
    /// may send media, RFC 8445 §11, RFC 7675). Called on the receive loop for every media datagram: must not allocate or block.
    /// </summary>
    public Func<SocketAddress, bool>? MediaSourceFilter { get; set; }

    /// <summary>
    /// The RFC 6464 audio-level extension id of the received audio (-1: none). With it, an audio packet whose level is at or
    /// under <see cref="SilenceLevel"/> is counted but not handed to the jitter buffer, so silence is never decoded (the
    /// buffer treats the gap as a pause, as with discontinuous transmission).
    /// </summary>
    public int AudioLevelExtensionId { get; set; } = -1;

    /// <summary>RFC 6464 level (-dBov) from which a packet counts as silence; default <see cref="RtpAudioLevel.Silence"/>.</summary>
    public int SilenceLevel { get; set; } = RtpAudioLevel.Silence;

    /// <summary>Audio packets not decoded because their RFC 6464 level or their payload (<see cref="SilentPayload"/>) said silence.</summary>
    public long SilentPacketsSkipped => Interlocked.Read(ref _silentSkipped);

    /// <summary>Media datagrams dropped by <see cref="MediaSourceFilter"/>.</summary>
    public long SourceFilteredPackets => Interlocked.Read(ref _sourceFiltered);

    private async Task ReceiveLoopAsync(Socket socket, bool rtcpSocket)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var from = new SocketAddress(socket.AddressFamily);
        CancellationToken token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer.AsMemory(0, BufferSize), SocketFlags.None, from, token).ConfigureAwait(false);
                }
                catch (SocketException) when (_disposed == 0)
                {
                    // ICMP port unreachable and similar transient errors: keep listening.
                    continue;
                }
                catch (SocketException)
                {
                    break;
                }

                DispatchDatagram(buffer.AsSpan(0, received), from, rtcpSocket);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles one datagram from the RTP port; internal so tests and the loopback kit can inject packets.</summary>
    internal void HandleRtp(Span<byte> datagram, SocketAddress from)
    {
        int length = datagram.Length;
        IRtpProtector? protector = Protector;
        if (protector is not null && !protector.TryUnprotectRtp(datagram, ref length))
        {
            Interlocked.Increment(ref _unprotectFailures);
            return;
        }

        if (!RtpPacket.TryParse(datagram[..length], out RtpPacket packet))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        int payloadType = packet.PayloadType;
        int audio = ReceivePayloadType;
        int events = ReceiveEventPayloadType;
        bool expected = (audio < 0 && events < 0) || payloadType == audio || payloadType == events || OtherPacketReceived is not null;
        if (!expected || !LatchRtp(from, packet))
        {
            return;
        }

        Volatile.Write(ref _lastReceiveTicks, _time.GetTimestamp());
        _timedOut = false;
        if (payloadType == events && events >= 0)
        {
            CountEventSequence(packet);
            EventReceiver?.Put(packet.Payload, packet.Timestamp, packet.Ssrc);
        }
        else if (payloadType == audio)
        {
            UpdateReceiveStatistics(packet);
            if (!SkipsAsSilent(packet))
            {
                JitterBuffer?.Put(packet);
            }
        }
        else
        {
            OtherPacketReceived?.Invoke(this, packet);
        }

        // Counted after delivery, so a reader that sees the count also sees the packet delivered.
        Interlocked.Add(ref _octetsReceived, packet.PayloadLength);
        Interlocked.Increment(ref _packetsReceived);
    }

    /// <summary>
    /// RFC 4733 event packets share the audio's SSRC and sequence numbers (§2.1), so they count as received in the source's
    /// sequence statistics (RFC 3550 A.3), else every digit typed would show as lost audio. Their timestamps are the event's
    /// start, not its sampling instant, so they take no part in the jitter (A.8). Events under another SSRC than the
    /// audio's (some senders use one of their own) are left out rather than restarting the audio's statistics.
    /// </summary>
    private void CountEventSequence(in RtpPacket packet)
    {
        lock (_statsLock)
        {
            if (_haveRemoteSsrc && packet.Ssrc == _remoteSsrc)
            {
                _receiveStatistics.UpdateSequence(packet.SequenceNumber);
            }
        }
    }

    private void UpdateReceiveStatistics(in RtpPacket packet)
    {
        uint arrival = (uint)(long)(_time.GetElapsedTime(_createdTicks).TotalSeconds * _options.ClockRate);
        lock (_statsLock)
        {
            if (!_haveRemoteSsrc || packet.Ssrc != _remoteSsrc)
            {
                if (_haveRemoteSsrc)
                {
                    _ssrcChanges++;
                }

                // A new source (§8.2 collision or a re-INVITE to another device): statistics restart.
                _haveRemoteSsrc = true;
                _remoteSsrc = packet.Ssrc;
                _receiveStatistics.Reset();
                _lastSenderReport = 0;
            }

            if (_receiveStatistics.UpdateSequence(packet.SequenceNumber))
            {
                _receiveStatistics.UpdateJitter(packet.Timestamp, arrival);
            }
        }
    }
}
