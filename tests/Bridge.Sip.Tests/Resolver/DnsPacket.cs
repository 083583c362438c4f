using System.Buffers.Binary;
using System.Net;
using System.Text;
using Bridge.Sip.Resolver;

namespace Bridge.Sip.Tests.Resolver;

/// <summary>Builds DNS responses byte by byte (RFC 1035 §4.1) for the parser and locator tests.</summary>
internal sealed class DnsPacket
{
    private readonly List<byte> _bytes = [];
    private int _answers;
    private int _additionals;
    private bool _inAdditional;

    public DnsPacket(ushort id = 0x1234, int rcode = 0)
    {
        _bytes.AddRange([(byte)(id >> 8), (byte)id, 0x81, (byte)(0x80 | rcode), 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public DnsPacket Question(string name, DnsRecordType type)
    {
        _bytes.AddRange(Name(name));
        _bytes.AddRange([(byte)((ushort)type >> 8), (byte)type, 0, 1]);
        BinaryPrimitives.WriteUInt16BigEndian(Span(4), 1);
        return this;
    }

    public DnsPacket Additional()
    {
        _inAdditional = true;
        return this;
    }

    public DnsPacket Record(byte[] owner, DnsRecordType type, byte[] rdata)
    {
        _bytes.AddRange(owner);
        _bytes.AddRange([(byte)((ushort)type >> 8), (byte)type, 0, 1, 0, 0, 0x0e, 0x10, (byte)(rdata.Length >> 8), (byte)rdata.Length]);
        _bytes.AddRange(rdata);
        if (_inAdditional)
        {
            _additionals++;
        }
        else
        {
            _answers++;
        }

        return this;
    }

    public DnsPacket A(string owner, string address) => Record(Name(owner), IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A, IPAddress.Parse(address).GetAddressBytes());

    public DnsPacket Srv(string owner, ushort priority, ushort weight, ushort port, string target) =>
        Record(Name(owner), DnsRecordType.Srv, [(byte)(priority >> 8), (byte)priority, (byte)(weight >> 8), (byte)weight, (byte)(port >> 8), (byte)port, .. Name(target)]);

    public DnsPacket Naptr(string owner, ushort order, ushort preference, string flags, string services, string replacement) =>
        Record(Name(owner), DnsRecordType.Naptr, [(byte)(order >> 8), (byte)order, (byte)(preference >> 8), (byte)preference,
            .. Text(flags), .. Text(services), .. Text(""), .. Name(replacement)]);

    public byte[] ToArray()
    {
        BinaryPrimitives.WriteUInt16BigEndian(Span(6), (ushort)_answers);
        BinaryPrimitives.WriteUInt16BigEndian(Span(10), (ushort)_additionals);
        return [.. _bytes];
    }

    public DnsMessage Parse()
    {
        Assert.True(DnsMessageParser.TryParse(ToArray(), out var message));
        return message!;
    }

    private static byte[] Text(string text) => [(byte)text.Length, .. Encoding.ASCII.GetBytes(text)];

    private Span<byte> Span(int offset) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes).Slice(offset, 2);
}
