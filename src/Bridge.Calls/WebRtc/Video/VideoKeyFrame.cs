namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// Whether an RTP payload starts a keyframe, without decoding: VP8 (RFC 7741 §4.2–4.3: the payload descriptor, then the
/// first partition's header with P = 0, in the packet with S = 1 and partition index 0) and H.264 (RFC 6184 §5.6–5.8:
/// an IDR slice or SPS as a single NAL unit, inside a STAP-A, or at the start of an FU-A). A slot that changes to
/// another source forwards from such a packet on, so the receiver's decoder never starts with a frame it cannot use.
/// </summary>
internal static class VideoKeyFrame
{
    public static bool IsStart(VideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        VideoCodec.Vp8 => IsVp8Start(payload),
        VideoCodec.H264 => IsH264Start(payload),
        _ => false,
    };

    private static bool IsVp8Start(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 1)
        {
            return false;
        }

        byte first = payload[0];
        if ((first & 0x10) == 0 || (first & 0x07) != 0)
        {
            return false; // not the start of partition 0
        }

        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte extension = payload[1];
            offset = 2;
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                offset += (payload[offset] & 0x80) != 0 ? 2 : 1; // PictureID, 7 or 15 bits
            }

            if ((extension & 0x40) != 0)
            {
                offset++; // TL0PICIDX
            }

            if ((extension & 0x30) != 0)
            {
                offset++; // TID/Y/KEYIDX
            }
        }

        return payload.Length > offset && (payload[offset] & 0x01) == 0;
    }

    private static bool IsH264Start(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 1)
        {
            return false;
        }

        int type = payload[0] & 0x1F;
        switch (type)
        {
            case 5:
            case 7:
                return true;
            case 24: // STAP-A: 16-bit size, then the NAL unit, repeated
                for (int offset = 1; offset + 2 < payload.Length;)
                {
                    int size = (payload[offset] << 8) | payload[offset + 1];
                    if (size == 0 || offset + 2 + size > payload.Length)
                    {
                        return false;
                    }

                    int inner = payload[offset + 2] & 0x1F;
                    if (inner is 5 or 7)
                    {
                        return true;
                    }

                    offset += 2 + size;
                }

                return false;
            case 28: // FU-A: start bit and the fragmented unit's type
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && (payload[1] & 0x1F) == 5;
            default:
                return false;
        }
    }
}
