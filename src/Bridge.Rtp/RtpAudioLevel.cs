namespace Bridge.Rtp;

/// <summary>
/// Reads the client-to-mixer audio level (RFC 6464 §3) from an RTP header extension in either RFC 8285 form (one-byte
/// elements under profile 0xBEDE, two-byte elements under 0x100x). Allocation-free; false for anything malformed.
/// </summary>
public static class RtpAudioLevel
{
    /// <summary>The level of a packet that carries no sound: -127 dBov (RFC 6464 §3).</summary>
    public const int Silence = 127;

    /// <summary>Finds element <paramref name="id"/> and reads its level (0 = 0 dBov … 127 = -127 dBov) and voice flag.</summary>
    public static bool TryRead(in RtpPacket packet, int id, out int level, out bool voice)
    {
        level = 0;
        voice = false;
        if (!packet.HasExtension || id is < 1 or > 255)
        {
            return false;
        }

        var data = packet.ExtensionData;
        var profile = packet.ExtensionProfile;
        var oneByte = profile == 0xBEDE;
        if (!oneByte && (profile & 0xFFF0) != 0x1000)
        {
            return false;
        }

        var i = 0;
        while (i < data.Length)
        {
            int elementId;
            int length;
            if (oneByte)
            {
                elementId = data[i] >> 4;
                if (elementId == 0)
                {
                    i++; // padding (RFC 8285 §4.2)
                    continue;
                }

                if (elementId == 15)
                {
                    return false; // reserved: stop reading (RFC 8285 §4.2)
                }

                length = (data[i] & 0x0F) + 1;
                i++;
            }
            else
            {
                elementId = data[i];
                if (elementId == 0)
                {
                    i++;
                    continue;
                }

                if (i + 1 >= data.Length)
                {
                    return false;
                }

                length = data[i + 1];
                i += 2;
            }

            if (i + length > data.Length)
            {
                return false;
            }

            if (elementId == id)
            {
                if (length < 1)
                {
                    return false;
                }

                level = data[i] & 0x7F;
                voice = (data[i] & 0x80) != 0;
                return true;
            }

            i += length;
        }

        return false;
    }
}
