namespace Bridge.Media.Codecs;

/// <summary>
/// Reads from an Opus packet, without decoding it, whether its sender's encoder heard anything (RFC 6716): the TOC byte and
/// the frame packing (§3.1, §3.2), then the first symbols of each frame's range-coded data (§4.1): for SILK and hybrid
/// frames the per-frame VAD flags and the LBRR flag of each channel (§4.2.3, "Header Bits"), for CELT-only frames the
/// silence flag (§4.3, Table 56). Anything not read with certainty (framing that breaks §3.4's rules, a truncated packet)
/// is <see cref="OpusPacketActivity.Unknown"/>, which callers treat as active. Allocation-free, never throws: it runs on
/// the receive thread for every packet of every Opus caller.
/// </summary>
public static class OpusActivity
{
    /// <summary>Largest frame (RFC 6716 §3.4 R2).</summary>
    private const int MaxFrameLength = 1275;

    /// <summary>Largest duration of one packet, in units of 2.5 ms (RFC 6716 §3.4 R5: 120 ms).</summary>
    private const int MaxPacketQuarterUnits = 48;

    /// <summary>True when <paramref name="packet"/> is DTX, no speech or CELT silence (not active, not unknown).</summary>
    public static bool IsInactive(ReadOnlySpan<byte> packet) => Classify(packet) is
        OpusPacketActivity.Dtx or OpusPacketActivity.NoSpeech or OpusPacketActivity.Silence;

    /// <summary>Classifies one Opus packet (an RTP payload, RFC 7587 §4.2).</summary>
    public static OpusPacketActivity Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return OpusPacketActivity.Unknown; // R1: at least the TOC byte
        }

        int toc = packet[0];
        int config = toc >> 3;
        bool stereo = (toc & 0x04) != 0;
        ReadOnlySpan<byte> data = packet[1..];
        switch (toc & 0x03)
        {
            case 0:
                return data.Length > MaxFrameLength ? OpusPacketActivity.Unknown : ClassifyFrame(config, stereo, data);

            case 1:
                // Two frames of equal size (R3).
                if ((data.Length & 1) != 0 || data.Length / 2 > MaxFrameLength)
                {
                    return OpusPacketActivity.Unknown;
                }

                int half = data.Length / 2;
                return Combine(ClassifyFrame(config, stereo, data[..half]), ClassifyFrame(config, stereo, data[half..]));

            case 2:
                // Two frames, the first's length coded in one or two octets (§3.2.1, R4).
                if (!TryReadLength(data, 0, out int first, out int used) || first > data.Length - used || data.Length - used - first > MaxFrameLength)
                {
                    return OpusPacketActivity.Unknown;
                }

                return Combine(ClassifyFrame(config, stereo, data.Slice(used, first)), ClassifyFrame(config, stereo, data[(used + first)..]));

            default:
                return ClassifyArbitrary(config, stereo, data);
        }
    }

    /// <summary>Code 3: a frame count octet, optional padding, then M frames of equal size (CBR) or with coded lengths (VBR) (§3.2.5, R5–R7).</summary>
    private static OpusPacketActivity ClassifyArbitrary(int config, bool stereo, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return OpusPacketActivity.Unknown;
        }

        int count = data[0] & 0x3F;
        bool variable = (data[0] & 0x80) != 0;
        bool padded = (data[0] & 0x40) != 0;
        if (count == 0 || count * FrameQuarterUnits(config) > MaxPacketQuarterUnits)
        {
            return OpusPacketActivity.Unknown;
        }

        int position = 1;
        int padding = 0;
        while (padded)
        {
            if (position >= data.Length)
            {
                return OpusPacketActivity.Unknown;
            }

            int octet = data[position++];
            padded = octet == 255;
            padding += padded ? 254 : octet;
        }

        int end = data.Length - padding;
        if (end < position)
        {
            return OpusPacketActivity.Unknown;
        }

        if (!variable)
        {
            int rest = end - position;
            if (rest % count != 0 || rest / count > MaxFrameLength)
            {
                return OpusPacketActivity.Unknown;
            }

            int size = rest / count;
            var result = ClassifyFrame(config, stereo, data.Slice(position, size));
            for (int i = 1; i < count && !IsDecisive(result); i++)
            {
                result = Combine(result, ClassifyFrame(config, stereo, data.Slice(position + (i * size), size)));
            }

            return result;
        }

        // VBR: the lengths of the first M-1 frames follow the padding length; the last frame takes what is left.
        int lengthsEnd = position;
        int total = 0;
        for (int i = 0; i < count - 1; i++)
        {
            if (!TryReadLength(data[..end], lengthsEnd, out int length, out int used))
            {
                return OpusPacketActivity.Unknown;
            }

            lengthsEnd += used;
            total += length;
        }

        int last = end - lengthsEnd - total;
        if (last < 0 || last > MaxFrameLength)
        {
            return OpusPacketActivity.Unknown;
        }

        var combined = OpusPacketActivity.Dtx;
        int frameStart = lengthsEnd;
        int lengthAt = position;
        for (int i = 0; i < count && !IsDecisive(combined); i++)
        {
            int length = last;
            if (i < count - 1)
            {
                TryReadLength(data[..end], lengthAt, out length, out int used);
                lengthAt += used;
            }

            var frame = ClassifyFrame(config, stereo, data.Slice(frameStart, length));
            combined = i == 0 ? frame : Combine(combined, frame);
            frameStart += length;
        }

        return combined;
    }

    /// <summary>A frame length of one octet (0–251) or two (252–255, then the second × 4 added), §3.2.1.</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> data, int at, out int length, out int used)
    {
        length = 0;
        used = 0;
        if (at >= data.Length)
        {
            return false;
        }

        if (data[at] < 252)
        {
            length = data[at];
            used = 1;
            return true;
        }

        if (at + 1 >= data.Length)
        {
            return false;
        }

        length = data[at] + (4 * data[at + 1]);
        used = 2;
        return true;
    }

    /// <summary>One frame's activity from its first range-coded symbols.</summary>
    private static OpusPacketActivity ClassifyFrame(int config, bool stereo, ReadOnlySpan<byte> frame)
    {
        if (frame.Length <= 1)
        {
            // §3.2.1: a 0-octet frame is DTX; libopus conceals a frame of 0 or 1 octet alike (it holds no decodable symbol).
            return OpusPacketActivity.Dtx;
        }

        var reader = new OpusRangeReader(frame);
        if (config >= 16)
        {
            return reader.DecodeBit(15) ? OpusPacketActivity.Silence : OpusPacketActivity.Active;
        }

        // SILK frames in this Opus frame (Table 2): 10 and 20 ms one, 40 ms two, 60 ms three; hybrid frames are 10 or 20 ms.
        int silkFrames = config < 12 ? (config & 3) switch { 2 => 2, 3 => 3, _ => 1 } : 1;
        int channels = stereo ? 2 : 1;
        for (int channel = 0; channel < channels; channel++)
        {
            for (int i = 0; i < silkFrames; i++)
            {
                if (reader.DecodeBit(1))
                {
                    return OpusPacketActivity.Active; // a VAD flag
                }
            }

            if (reader.DecodeBit(1))
            {
                return OpusPacketActivity.Active; // LBRR: redundancy for a previous frame that had speech
            }
        }

        return OpusPacketActivity.NoSpeech;
    }

    /// <summary>A packet is inactive only when every frame is; Unknown and Active win over inactivity.</summary>
    private static OpusPacketActivity Combine(OpusPacketActivity a, OpusPacketActivity b) =>
        IsDecisive(a) ? a : IsDecisive(b) ? b : a == b ? a : OpusPacketActivity.NoSpeech;

    private static bool IsDecisive(OpusPacketActivity activity) => activity is OpusPacketActivity.Active or OpusPacketActivity.Unknown;

    /// <summary>Frame duration in units of 2.5 ms from the TOC configuration (RFC 6716 Table 2).</summary>
    private static int FrameQuarterUnits(int config) => config switch
    {
        < 12 => (config & 3) switch { 0 => 4, 1 => 8, 2 => 16, _ => 24 },
        < 16 => (config & 1) == 0 ? 4 : 8,
        _ => 1 << (config & 3),
    };
}
