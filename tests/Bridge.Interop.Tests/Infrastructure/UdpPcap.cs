using System.Buffers.Binary;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>The UDP datagrams of a pcap file (IPv4 over Ethernet or Linux cooked capture), with their time and ports.</summary>
public static class UdpPcap
{
    public sealed record Datagram(DateTimeOffset At, int SourcePort, int DestinationPort, byte[] Payload);

    /// <summary>An RTP packet with at least 80 bytes of payload (audio), not RTCP (RFC 5761 §4: types 72–76 are RTCP).</summary>
    public static bool IsRtp(ReadOnlySpan<byte> payload) =>
        payload.Length >= 12 + 80 && payload[0] >> 6 == 2 && (payload[1] & 0x7F) is < 72 or > 76;

    public static IReadOnlyList<Datagram> Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var datagrams = new List<Datagram>();
        var linkType = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(20));
        var offset = 24;
        while (offset + 16 <= data.Length)
        {
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));
            var micros = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 4));
            var captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 8));
            var frame = data.AsSpan(offset + 16, Math.Min(captured, data.Length - offset - 16));
            offset += 16 + captured;
            var ip = linkType switch { 1 => frame[14..], 113 => frame[16..], _ => frame };
            if (ip.Length < 28 || ip[0] >> 4 != 4 || ip[9] != 17)
            {
                continue;
            }

            var udp = ip[((ip[0] & 0x0F) * 4)..];
            var at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10L);
            datagrams.Add(new Datagram(at, BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]), udp[8..].ToArray()));
        }

        return datagrams;
    }
}
