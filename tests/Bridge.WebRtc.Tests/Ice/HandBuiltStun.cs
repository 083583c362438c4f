using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.WebRtc.Tests.Ice;

/// <summary>
/// Builds Binding requests and checks responses the long way, without the production reader, writer, HMAC
/// wrapper or CRC table: a second, independent path for the agent's tests (bitwise CRC-32, one-shot
/// <see cref="HMACSHA1"/>, attributes laid out by hand).
/// </summary>
internal static class HandBuiltStun
{
    /// <summary>Options of one request; the defaults make a valid check from a controlling browser.</summary>
    internal sealed record RequestOptions
    {
        public string? Username { get; init; }
        public string? Password { get; init; }
        public bool Priority { get; init; } = true;
        public bool UseCandidate { get; init; }
        public bool Controlling { get; init; } = true;
        public bool Controlled { get; init; }
        public ushort? ExtraAttribute { get; init; }
        public bool Fingerprint { get; init; } = true;
        public byte[]? TransactionId { get; init; }
        public ushort Type { get; init; } = 0x0001;
    }

    public static byte[] BindingRequest(RequestOptions options)
    {
        var body = new List<byte>();
        if (options.Username is not null)
        {
            Attribute(body, 0x0006, Encoding.UTF8.GetBytes(options.Username));
        }

        if (options.Priority)
        {
            Attribute(body, 0x0024, [0x6E, 0x7F, 0x1E, 0xFF]);
        }

        if (options.UseCandidate)
        {
            Attribute(body, 0x0025, []);
        }

        if (options.Controlling)
        {
            Attribute(body, 0x802A, [1, 2, 3, 4, 5, 6, 7, 8]);
        }

        if (options.Controlled)
        {
            Attribute(body, 0x8029, [8, 7, 6, 5, 4, 3, 2, 1]);
        }

        if (options.ExtraAttribute is { } extra)
        {
            Attribute(body, extra, [0xAA, 0xBB]);
        }

        var transactionId = options.TransactionId ?? RandomNumberGenerator.GetBytes(12);
        if (options.Password is not null)
        {
            var beforeMac = Header(options.Type, body.Count + 24, transactionId).Concat(body).ToArray();
            Attribute(body, 0x0008, HMACSHA1.HashData(Encoding.UTF8.GetBytes(options.Password), beforeMac));
        }

        if (options.Fingerprint)
        {
            var beforeCrc = Header(options.Type, body.Count + 8, transactionId).Concat(body).ToArray();
            var value = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, BitwiseCrc32(beforeCrc) ^ 0x5354554Eu);
            Attribute(body, 0x8028, value);
        }

        return Header(options.Type, body.Count, transactionId).Concat(body).ToArray();
    }

    /// <summary>What a response says, checked by hand.</summary>
    internal sealed record Response(int Type, int ErrorCode, IPEndPoint? Mapped, bool HasIntegrity, bool IntegrityValid, bool FingerprintValid, IReadOnlyList<ushort> Unknown);

    /// <summary>Walks a response; verifies MESSAGE-INTEGRITY with <paramref name="password"/> and FINGERPRINT.</summary>
    public static Response ReadResponse(ReadOnlySpan<byte> message, ReadOnlySpan<byte> transactionId, string password)
    {
        Assert.True(message.Length >= 20, "response shorter than a header");
        Assert.Equal(message.Length - 20, BinaryPrimitives.ReadUInt16BigEndian(message[2..]));
        Assert.Equal(0x2112A442u, BinaryPrimitives.ReadUInt32BigEndian(message[4..]));
        Assert.Equal(transactionId.ToArray(), message.Slice(8, 12).ToArray());
        var type = BinaryPrimitives.ReadUInt16BigEndian(message);
        int errorCode = 0;
        IPEndPoint? mapped = null;
        bool hasMac = false, macValid = false, crcValid = false;
        var unknown = new List<ushort>();
        var offset = 20;
        while (offset < message.Length)
        {
            var attrType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var value = message.Slice(offset + 4, length);
            switch (attrType)
            {
                case 0x0009:
                    errorCode = value[2] * 100 + value[3];
                    break;
                case 0x000A:
                    for (var i = 0; i < length; i += 2)
                    {
                        unknown.Add(BinaryPrimitives.ReadUInt16BigEndian(value[i..]));
                    }

                    break;
                case 0x0020:
                    mapped = DecodeXorMapped(value, transactionId);
                    break;
                case 0x0008:
                    hasMac = true;
                    var covered = message[..offset].ToArray();
                    BinaryPrimitives.WriteUInt16BigEndian(covered.AsSpan(2), (ushort)(offset - 20 + 24));
                    macValid = HMACSHA1.HashData(Encoding.UTF8.GetBytes(password), covered).AsSpan().SequenceEqual(value);
                    break;
                case 0x8028:
                    crcValid = offset + 8 == message.Length
                        && (BitwiseCrc32(message[..offset]) ^ 0x5354554Eu) == BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
            }

            offset += 4 + ((length + 3) & ~3);
        }

        return new Response(type, errorCode, mapped, hasMac, macValid, crcValid, unknown);
    }

    public static byte[] TransactionIdOf(byte[] request) => request[8..20];

    private static IPEndPoint DecodeXorMapped(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId)
    {
        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ 0x2112);
        byte[] mask = [0x21, 0x12, 0xA4, 0x42, .. transactionId];
        var address = new byte[value[1] == 1 ? 4 : 16];
        for (var i = 0; i < address.Length; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    private static byte[] Header(ushort type, int length, byte[] transactionId)
    {
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 0x2112A442);
        transactionId.CopyTo(header, 8);
        return header;
    }

    /// <summary>Appends one attribute, zero-padded to 4 octets.</summary>
    internal static void Attribute(List<byte> body, ushort type, byte[] value)
    {
        body.Add((byte)(type >> 8));
        body.Add((byte)type);
        body.Add((byte)(value.Length >> 8));
        body.Add((byte)value.Length);
        body.AddRange(value);
        while (body.Count % 4 != 0)
        {
            body.Add(0);
        }
    }

    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
