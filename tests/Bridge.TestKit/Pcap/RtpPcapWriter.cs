using System.Buffers.Binary;

namespace Bridge.TestKit.Pcap;

/// <summary>
/// Writes an RTP stream as a classic libpcap file (Ethernet/IPv4/UDP), with exact packet spacing,
/// so that sipp's <c>play_pcap_audio</c> can send audio of our choosing.
/// </summary>
public static class RtpPcapWriter
{
    /// <summary>
    /// Writes <paramref name="payloads"/> as consecutive RTP packets, <paramref name="spacingMs"/> apart; a packet whose index
    /// <paramref name="lost"/> says is left out (its sequence number, timestamp and time slot stay used: loss on the path).
    /// </summary>
    public static void Write(string path, byte payloadType, IReadOnlyList<byte[]> payloads, int samplesPerPacket, int spacingMs = 20, uint ssrc = 0x1234ABCD, Func<int, bool>? lost = null)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1); // LINKTYPE_ETHERNET
        file.Write(header);

        ushort sequence = 1000;
        uint timestamp = 160000;
        long micros = 0;
        for (var index = 0; index < payloads.Count; index++)
        {
            var payload = payloads[index];
            if (lost?.Invoke(index) == true)
            {
                sequence++;
                timestamp += (uint)samplesPerPacket;
                micros += spacingMs * 1000L;
                continue;
            }

            var rtpLength = 12 + payload.Length;
            var udpLength = 8 + rtpLength;
            var ipLength = 20 + udpLength;
            var frameLength = 14 + ipLength;
            var frame = new byte[16 + frameLength];
            var span = frame.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)(micros / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)frameLength);
            BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)frameLength);
            var ethernet = span[16..];
            BinaryPrimitives.WriteUInt16BigEndian(ethernet[12..], 0x0800);
            var ip = ethernet[14..];
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipLength);
            ip[8] = 64;
            ip[9] = 17;
            ip[12] = 127; ip[15] = 1;
            ip[16] = 127; ip[19] = 1;
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], IpChecksum(ip[..20]));
            var udp = ip[20..];
            BinaryPrimitives.WriteUInt16BigEndian(udp, 6000);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 6002);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
            var rtp = udp[8..];
            rtp[0] = 0x80;
            rtp[1] = payloadType;
            BinaryPrimitives.WriteUInt16BigEndian(rtp[2..], sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(rtp[4..], timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(rtp[8..], ssrc);
            payload.CopyTo(rtp[12..]);
            file.Write(frame);
            timestamp += (uint)samplesPerPacket;
            micros += spacingMs * 1000L;
        }
    }

    private static ushort IpChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
