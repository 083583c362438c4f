using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Bridge.Sip.Resolver;

/// <summary>
/// Reads a DNS response (RFC 1035 §4.1) from the network: header, questions skipped, answer and additional records of the
/// types in <see cref="DnsRecordType"/> (others skipped by their RDLENGTH). Names may be compressed (§4.1.4); pointers are
/// followed at most 16 times, so a loop cannot hang us. Anything that runs past the packet, a label over 63 bytes, a name
/// over 255 bytes or RDATA that does not fit its type makes the whole message unreadable: <see cref="TryParse"/> is false,
/// it never throws.
/// </summary>
public static class DnsMessageParser
{
    private const int MaxPointerJumps = 16;
    private const int MaxRecords = 256;

    public static bool TryParse(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        message = null;
        if (packet.Length < 12)
        {
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var authorities = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var additionals = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        if (answers + authorities + additionals > MaxRecords)
        {
            return false;
        }

        var offset = 12;
        for (var i = 0; i < questions; i++)
        {
            if (!TryReadName(packet, ref offset, out _) || offset + 4 > packet.Length)
            {
                return false;
            }

            offset += 4;
        }

        var answerList = new List<DnsRecord>(answers);
        var additionalList = new List<DnsRecord>(additionals);
        for (var i = 0; i < answers + authorities + additionals; i++)
        {
            if (!TryReadRecord(packet, ref offset, out var record))
            {
                return false;
            }

            if (record is null)
            {
                continue;
            }

            if (i < answers)
            {
                answerList.Add(record);
            }
            else if (i >= answers + authorities)
            {
                additionalList.Add(record);
            }
        }

        message = new DnsMessage(id, (flags & 0x8000) != 0, (flags & 0x0200) != 0, flags & 0x000F, answerList, additionalList);
        return true;
    }

    /// <summary>One record; <paramref name="record"/> is null for a well-formed record of a type we do not read.</summary>
    private static bool TryReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsRecord? record)
    {
        record = null;
        if (!TryReadName(packet, ref offset, out var name) || offset + 10 > packet.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        offset += 10;
        var start = offset;
        var end = start + length;
        if (end > packet.Length)
        {
            return false;
        }

        offset = end;
        switch ((DnsRecordType)type)
        {
            case DnsRecordType.A when length == 4:
                record = new DnsRecord(name, DnsRecordType.A, ttl) { Address = new IPAddress(packet.Slice(start, 4)) };
                return true;
            case DnsRecordType.Aaaa when length == 16:
                record = new DnsRecord(name, DnsRecordType.Aaaa, ttl) { Address = new IPAddress(packet.Slice(start, 16)) };
                return true;
            case DnsRecordType.A or DnsRecordType.Aaaa:
                return false;
            case DnsRecordType.Srv:
            {
                var at = start + 6;
                if (length < 7 || !TryReadName(packet, ref at, out var target) || at != end)
                {
                    return false;
                }

                var rdata = packet.Slice(start, 6);
                record = new DnsRecord(name, DnsRecordType.Srv, ttl)
                {
                    Srv = new DnsSrv(BinaryPrimitives.ReadUInt16BigEndian(rdata), BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]),
                        BinaryPrimitives.ReadUInt16BigEndian(rdata[4..]), target),
                };
                return true;
            }

            case DnsRecordType.Naptr:
            {
                var at = start + 4;
                if (length < 8 || !TryReadText(packet, end, ref at, out var flags) || !TryReadText(packet, end, ref at, out var services)
                    || !TryReadText(packet, end, ref at, out var regexp) || !TryReadName(packet, ref at, out var replacement) || at != end)
                {
                    return false;
                }

                record = new DnsRecord(name, DnsRecordType.Naptr, ttl)
                {
                    Naptr = new DnsNaptr(BinaryPrimitives.ReadUInt16BigEndian(packet[start..]), BinaryPrimitives.ReadUInt16BigEndian(packet[(start + 2)..]),
                        flags, services, regexp, replacement),
                };
                return true;
            }

            default:
                return true;
        }
    }

    /// <summary>A &lt;character-string&gt; (RFC 1035 §3.3): a length byte and that many bytes, within <paramref name="end"/>.</summary>
    private static bool TryReadText(ReadOnlySpan<byte> packet, int end, ref int offset, out string text)
    {
        text = string.Empty;
        if (offset >= end || offset + 1 + packet[offset] > end)
        {
            return false;
        }

        var length = packet[offset];
        text = Encoding.ASCII.GetString(packet.Slice(offset + 1, length));
        offset += 1 + length;
        return true;
    }

    /// <summary>A domain name (RFC 1035 §3.1, §4.1.4) at <paramref name="offset"/>, which moves past it (past the first pointer
    /// when compressed). The root is "" ("." in SRV targets is returned as "").</summary>
    internal static bool TryReadName(ReadOnlySpan<byte> packet, ref int offset, out string name)
    {
        name = string.Empty;
        var builder = new StringBuilder();
        var at = offset;
        var jumps = 0;
        var after = -1;
        while (true)
        {
            if (at >= packet.Length)
            {
                return false;
            }

            var length = packet[at];
            if ((length & 0xC0) == 0xC0)
            {
                if (at + 1 >= packet.Length || ++jumps > MaxPointerJumps)
                {
                    return false;
                }

                if (after < 0)
                {
                    after = at + 2;
                }

                at = ((length & 0x3F) << 8) | packet[at + 1];
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return false; // 0x40 and 0x80 label types are not in use (RFC 6891 §5)
            }

            if (length == 0)
            {
                offset = after >= 0 ? after : at + 1;
                name = builder.ToString();
                return true;
            }

            if (at + 1 + length > packet.Length || builder.Length + length + 1 > 255)
            {
                return false;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.ASCII.GetString(packet.Slice(at + 1, length)));
            at += 1 + length;
        }
    }
}
