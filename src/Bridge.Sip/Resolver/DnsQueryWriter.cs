using System.Buffers.Binary;
using System.Text;

namespace Bridge.Sip.Resolver;

/// <summary>Builds a standard query (RFC 1035 §4.1.1: QR=0, OPCODE=0, RD=1, one question of class IN).</summary>
public static class DnsQueryWriter
{
    /// <summary>The query packet, or null when <paramref name="name"/> is not a valid domain name (label of 1–63 ASCII
    /// characters, at most 253 characters in all).</summary>
    public static byte[]? Query(ushort id, string name, DnsRecordType type)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.TrimEnd('.');
        if (trimmed.Length is 0 or > 253)
        {
            return null;
        }

        var labels = trimmed.Split('.');
        var packet = new byte[12 + trimmed.Length + 2 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(packet, id);
        packet[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), 1); // QDCOUNT
        var offset = 12;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || !Ascii.IsValid(label) || label.Any(char.IsControl))
            {
                return null;
            }

            packet[offset++] = (byte)label.Length;
            offset += Encoding.ASCII.GetBytes(label, packet.AsSpan(offset));
        }

        packet[offset++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), 1); // IN
        return packet;
    }
}
