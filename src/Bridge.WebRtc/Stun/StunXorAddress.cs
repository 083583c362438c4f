using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bridge.WebRtc.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): family, port XOR the cookie's high 16 bits, address XOR the cookie
/// (IPv4) or the cookie and transaction id (IPv6). Also reads the raw address out of a
/// <see cref="SocketAddress"/>, so the receive path never builds an <see cref="IPEndPoint"/>.
/// </summary>
internal static class StunXorAddress
{
    /// <summary>Family value for IPv4 (RFC 8489 §14.1).</summary>
    public const byte FamilyIPv4 = 0x01;

    /// <summary>Family value for IPv6 (RFC 8489 §14.1).</summary>
    public const byte FamilyIPv6 = 0x02;

    /// <summary>
    /// Writes the value (8 octets for IPv4, 20 for IPv6) for <paramref name="address"/> (4 or 16 octets)
    /// and <paramref name="port"/> into <paramref name="value"/>.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> address, ushort port, ReadOnlySpan<byte> transactionId, Span<byte> value)
    {
        var length = 4 + address.Length;
        value[0] = 0;
        value[1] = address.Length == 4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunConstants.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }

        return length;
    }

    /// <summary>Decodes a value read from a message; false when its family or length is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 8 || transactionId.Length != StunConstants.TransactionIdLength)
        {
            return false;
        }

        var addressLength = value[1] switch { FamilyIPv4 => 4, FamilyIPv6 => 16, _ => 0 };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        Span<byte> address = stackalloc byte[addressLength];
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    /// <summary>
    /// Reads the address and port of an IPv4 or IPv6 <see cref="SocketAddress"/> without allocating; an
    /// IPv4-mapped IPv6 address (a dual-mode socket) comes out as IPv4, as the peer sent it.
    /// </summary>
    /// <returns>The address length (4 or 16), or 0 for another family.</returns>
    public static int ReadSocketAddress(SocketAddress socketAddress, Span<byte> address, out ushort port)
    {
        var bytes = socketAddress.Buffer.Span[..socketAddress.Size];
        port = 0;
        if (socketAddress.Family == AddressFamily.InterNetwork && bytes.Length >= 8)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            bytes.Slice(4, 4).CopyTo(address);
            return 4;
        }

        if (socketAddress.Family == AddressFamily.InterNetworkV6 && bytes.Length >= 24)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            var ip = bytes.Slice(8, 16);
            if (IsIPv4Mapped(ip))
            {
                ip[12..].CopyTo(address);
                return 4;
            }

            ip.CopyTo(address);
            return 16;
        }

        return 0;
    }

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> ip) =>
        ip[..10].IndexOfAnyExcept((byte)0) < 0 && ip[10] == 0xFF && ip[11] == 0xFF;
}
