using Bridge.Rtp;

namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// RTCP feedback of <see cref="VideoPeer"/>: from a receiving browser, PLI and FIR (RFC 4585 §6.3.1, RFC 5104 §4.3.1)
/// go to the slot's current sender at most once per <see cref="VideoSource.KeyFrameInterval"/>; NACKs (RFC 4585 §6.2.1)
/// are answered from the sender's packet cache, at most <see cref="MaxRetransmissionsPerCompound"/> per compound; REMB
/// is kept as this browser's estimate. Towards a sending browser, once a second, a receiver report on its streams
/// (RFC 3550 §6.4.2) and the lowest estimate of its receivers as REMB, in one compound; its sender reports give LSR. Feedback about SSRCs this browser does not receive is dropped and counted.
/// </summary>
internal sealed partial class VideoPeer
{
    /// <summary>Packets resent for one RTCP compound at most (a NACK of 17 lost packets per FCI, a few FCIs).</summary>
    public const int MaxRetransmissionsPerCompound = 64;

    /// <summary>The leg's receive loop: one SRTCP-checked, valid compound from this browser.</summary>
    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        int budget = MaxRetransmissionsPerCompound;
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            byte type = (byte)packet.PacketType;
            if (packet.PacketType == RtcpPacketType.SenderReport)
            {
                OnSenderReport(packet);
                continue;
            }

            if (type != RtcpFeedback.PayloadFeedback && type != RtcpFeedback.TransportFeedback)
            {
                continue;
            }

            ReadOnlySpan<byte> body = packet.Body;
            if (body.Length < 8)
            {
                Interlocked.Increment(ref _feedbackUnknown);
                continue;
            }

            uint media = ReadUInt32(body, 4);
            int format = packet.Count;
            if (type == RtcpFeedback.PayloadFeedback && format == RtcpFeedback.PliFormat)
            {
                KeyFrameFor(media);
            }
            else if (type == RtcpFeedback.PayloadFeedback && format == RtcpFeedback.FirFormat)
            {
                for (int offset = 8; offset + 8 <= body.Length; offset += 8)
                {
                    KeyFrameFor(ReadUInt32(body, offset));
                }
            }
            else if (type == RtcpFeedback.PayloadFeedback && format == RtcpFeedback.AfbFormat)
            {
                ReadRemb(body);
            }
            else if (type == RtcpFeedback.TransportFeedback && format == RtcpFeedback.NackFormat)
            {
                Nack(media, body[8..], ref budget);
            }
        }
    }

    /// <summary>A sender report from this browser about one of its video streams: kept for LSR/DLSR in the bridge's reports.</summary>
    private void OnSenderReport(in RtcpPacket packet)
    {
        uint ssrc = packet.Ssrc;
        VideoSource? source = Camera is { } camera && camera.Ssrc == ssrc ? camera
            : Screen is { } screen && screen.Ssrc == ssrc ? screen
            : null;
        if (source is not null && packet.TryGetSenderInfo(out RtcpSenderInfo info))
        {
            source.Report.OnSenderReport(info.CompactNtp, _time.GetTimestamp());
        }
    }

    /// <summary>Any thread: asks <paramref name="source"/>'s browser for a keyframe, unless one was asked for lately.</summary>
    public static void RequestKeyFrame(VideoSource source, Span<byte> scratch, long now)
    {
        if (!source.TryTakeKeyFrameRequest(now))
        {
            return;
        }

        VideoPeer owner = source.Owner;
        int length = source.UsesPli || !source.UsesFir
            ? RtcpFeedback.WritePli(scratch, owner.FeedbackSsrc, source.Ssrc)
            : RtcpFeedback.WriteFir(scratch, owner.FeedbackSsrc, source.Ssrc, source.NextFirSequence());
        if (owner.SendRtcp(scratch, length))
        {
            Interlocked.Increment(ref owner._keyFrameRequestsSent);
        }
    }

    /// <summary>
    /// The leg's housekeeping timer (once a second, this peer's RTCP interval for video): one compound to this browser with
    /// a receiver report (RFC 3550 §6.4.2) holding a block for each of its streams the bridge has received (fraction and
    /// cumulative lost, extended highest sequence, jitter in 90 kHz units, LSR/DLSR of its last SR), then for each stream
    /// the lowest estimate among its receivers, divided by the number of videos each of them receives (REMB,
    /// draft-alvestrand-rmcat-remb §2). Nothing is sent while there is neither.
    /// </summary>
    public void SendEstimates()
    {
        long now = _time.GetTimestamp();
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[2];
        int count = 0;
        if (Camera is { } camera && camera.Report.TryCreateBlock(camera.Ssrc, now, out blocks[count]))
        {
            count++;
        }

        if (Screen is { } screen && screen.Report.TryCreateBlock(screen.Ssrc, now, out blocks[count]))
        {
            count++;
        }

        var writer = new RtcpCompoundWriter(_timerScratch);
        writer.TryWriteReceiverReport(FeedbackSsrc, blocks[..count]);
        int length = writer.Length;
        int reports = length;
        length += WriteEstimate(Camera, _timerScratch.AsSpan(length));
        length += WriteEstimate(Screen, _timerScratch.AsSpan(length));
        if (count > 0 || length > reports)
        {
            SendRtcp(_timerScratch, length);
        }
    }

    /// <summary>The REMB for <paramref name="source"/> into <paramref name="buffer"/>; its length, or 0 without an estimate.</summary>
    private static int WriteEstimate(VideoSource? source, Span<byte> buffer)
    {
        if (source is null || !source.UsesRemb)
        {
            return 0;
        }

        long lowest = long.MaxValue;
        foreach (VideoSlot slot in source.Routes)
        {
            long estimate = slot.Owner.ReceiverEstimate;
            if (estimate > 0)
            {
                lowest = Math.Min(lowest, estimate / Math.Max(1, slot.Owner.AssignedSlots()));
            }
        }

        return lowest == long.MaxValue ? 0 : RtcpFeedback.WriteRembPacket(buffer, source.Owner.FeedbackSsrc, source.Ssrc, lowest);
    }

    private int AssignedSlots()
    {
        int count = 0;
        foreach (VideoSlot slot in Slots)
        {
            if (slot.Assigned is not null)
            {
                count++;
            }
        }

        return count;
    }

    private VideoSlot? SlotOf(uint ssrc)
    {
        foreach (VideoSlot slot in Slots)
        {
            if (slot.Ssrc == ssrc)
            {
                return slot;
            }
        }

        return null;
    }

    private void KeyFrameFor(uint media)
    {
        if (SlotOf(media)?.Assigned is { } source)
        {
            RequestKeyFrame(source, _receiveScratch, _time.GetTimestamp());
        }
        else
        {
            Interlocked.Increment(ref _feedbackUnknown);
        }
    }

    private void ReadRemb(ReadOnlySpan<byte> body)
    {
        if (!RtcpFeedback.TryReadRemb(body, out long bitsPerSecond, out int count))
        {
            Interlocked.Increment(ref _feedbackUnknown);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            if (SlotOf(RtcpFeedback.RembSsrc(body, i)) is not null)
            {
                Interlocked.Exchange(ref _rembBitsPerSecond, bitsPerSecond);
                return;
            }
        }

        Interlocked.Increment(ref _feedbackUnknown);
    }

    private void Nack(uint media, ReadOnlySpan<byte> items, ref int budget)
    {
        VideoSlot? slot = SlotOf(media);
        if (slot is null)
        {
            Interlocked.Increment(ref _feedbackUnknown);
            return;
        }

        long now = _time.GetTimestamp();
        for (int offset = 0; offset + 4 <= items.Length; offset += 4)
        {
            ushort lost = (ushort)(items[offset] << 8 | items[offset + 1]);
            int mask = items[offset + 2] << 8 | items[offset + 3];
            for (int bit = -1; bit < 16; bit++)
            {
                if (bit >= 0 && (mask & (1 << bit)) == 0)
                {
                    continue;
                }

                if (budget-- <= 0)
                {
                    return;
                }

                Resend(slot, (ushort)(lost + bit + 1), now);
            }
        }
    }

    private void Resend(VideoSlot slot, ushort outSequence, long now)
    {
        VideoSource? source;
        ushort sequence;
        lock (SendLock)
        {
            if (!slot.TryMapBack(outSequence, out source, out sequence))
            {
                return;
            }
        }

        if (source is not null && source.Cache.TryCopy(sequence, _receiveScratch, now, out int length))
        {
            // The copy is in the scratch; forward it from a second part of it so the rewrite does not overlap.
            Span<byte> packet = _receiveScratch.AsSpan(0, length);
            Span<byte> output = _retransmitScratch;
            Forward(slot, source, packet, output, now, retransmission: true);
        }
    }
}
