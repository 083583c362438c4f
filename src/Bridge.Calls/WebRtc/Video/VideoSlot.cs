using System.Buffers.Binary;

namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// One forwarded video towards a browser: a recvonly m-line of its offer, sent with one SSRC of ours whatever source
/// the router assigns to it. Rewriting (RFC 3550 §5.1 fields; RFC 7667 §3.7 media-switching mixer): the SSRC becomes
/// ours, the payload type the receiver's number for the codec, and sequence number and timestamp are shifted so the
/// stream stays continuous across source switches (a switch continues at the last sequence number + 1 and advances the
/// timestamp by the wall time since the last packet, at 90 kHz), and a switch only at the start of a keyframe of the new source.
/// Header extensions and CSRCs are not forwarded.
/// The rewrite state is used only under the owner's <see cref="VideoPeer.SendLock"/>.
/// </summary>
internal sealed class VideoSlot
{
    /// <summary><see cref="Rewrite"/>'s answer while a new source's packets are held back until its keyframe starts.</summary>
    public const int WaitingForKeyFrame = -2;

    private const int RtpHeaderLength = 12;

    private readonly long _frequency;
    private VideoSource? _assigned;
    private VideoSource? _current;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private long _lastTicks;
    private ushort _sequenceDelta;
    private uint _timestampDelta;

    public VideoSlot(VideoPeer owner, string mid, uint ssrc, VideoPayloadMap payloads, long timestampFrequency, ushort initialSequence, uint initialTimestamp, long now)
    {
        Owner = owner;
        Mid = mid;
        Ssrc = ssrc;
        Payloads = payloads;
        _frequency = timestampFrequency;
        _lastSequence = initialSequence;
        _lastTimestamp = initialTimestamp;
        _lastTicks = now;
    }

    /// <summary>The receiving browser.</summary>
    public VideoPeer Owner { get; }

    /// <summary>The mid of the m-line (the page finds the video by it).</summary>
    public string Mid { get; }

    /// <summary>Our SSRC of this slot (from the answer's <c>a=ssrc</c>).</summary>
    public uint Ssrc { get; }

    /// <summary>The receiver's payload types.</summary>
    public VideoPayloadMap Payloads { get; }

    /// <summary>The source the router put into this slot, or null.</summary>
    public VideoSource? Assigned
    {
        get => Volatile.Read(ref _assigned);
        set => Volatile.Write(ref _assigned, value);
    }

    /// <summary>
    /// Under the owner's lock: writes the forwarded form of <paramref name="packet"/> (a normalized packet of
    /// <paramref name="source"/>: 12-octet header, then payload) into <paramref name="output"/>. A retransmission keeps its
    /// first mapping and does not move the stream on. Returns the length, or -1 when the receiver has no payload type for
    /// the codec or a retransmission belongs to a source no longer in the slot; <see cref="WaitingForKeyFrame"/> while a
    /// source that replaces another in the slot has not started a keyframe yet (RFC 7667 §3.7: a switch happens at a keyframe).
    /// </summary>
    public int Rewrite(VideoSource source, ReadOnlySpan<byte> packet, Span<byte> output, long now, bool retransmission)
    {
        int outPayloadType = Payloads.PayloadTypeOf(source.Payloads.CodecOf(packet[1] & 0x7F));
        if (outPayloadType < 0 || packet.Length > output.Length)
        {
            return -1;
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (!ReferenceEquals(source, _current))
        {
            if (retransmission)
            {
                return -1;
            }

            // A switch from another source waits for the new one's keyframe. The first source of a slot does not: the
            // receiver asks for a keyframe itself when its stream starts mid-way (a browser's encoder may ignore a second
            // request soon after the one sent when the slot was filled, and a receiver that gets nothing asks late).
            if (_current is not null && !VideoKeyFrame.IsStart(source.Payloads.CodecOf(packet[1] & 0x7F), packet[RtpHeaderLength..]))
            {
                return WaitingForKeyFrame;
            }

            // A switch: continue right after the last packet sent, and advance the timestamp by the time that passed.
            long elapsed = Math.Max(1, (now - _lastTicks) * 90_000 / _frequency);
            _sequenceDelta = (ushort)(_lastSequence + 1 - sequence);
            _timestampDelta = (uint)(_lastTimestamp + (uint)Math.Min(elapsed, 90_000 * 10) - timestamp);
            _current = source;
        }

        ushort outSequence = (ushort)(sequence + _sequenceDelta);
        uint outTimestamp = timestamp + _timestampDelta;
        if (!retransmission && (short)(outSequence - _lastSequence) > 0)
        {
            _lastSequence = outSequence;
            _lastTimestamp = outTimestamp;
            _lastTicks = now;
        }

        packet.CopyTo(output);
        output[0] = (byte)(0x80 | (packet[0] & 0x20));
        output[1] = (byte)((packet[1] & 0x80) | outPayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(output[2..], outSequence);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], outTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(output[8..], Ssrc);
        return packet.Length;
    }

    /// <summary>Under the owner's lock: the source's sequence number of one we sent, for a NACK; false when the slot moved on.</summary>
    public bool TryMapBack(ushort outSequence, out VideoSource? source, out ushort sequence)
    {
        source = _current;
        sequence = (ushort)(outSequence - _sequenceDelta);
        return source is not null && ReferenceEquals(source, Assigned);
    }
}
