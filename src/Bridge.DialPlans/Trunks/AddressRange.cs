using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bridge.DialPlans.Trunks;

/// <summary>
/// One address or CIDR range (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6) a trunk's calls come from. An IPv4
/// address that reaches a dual-stack socket as IPv4-mapped IPv6 (RFC 4291 §2.5.5.2) matches its IPv4 range.
/// </summary>
public readonly record struct AddressRange
{
    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private AddressRange(IPAddress network, int prefixLength)
    {
        PrefixLength = prefixLength;
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        _mask = prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (bits - prefixLength);
        if (bits == 32)
        {
            _mask &= uint.MaxValue;
        }

        _network = ToNumber(network) & _mask;
        Network = ToAddress(_network, bits);
    }

    /// <summary>The first address of the range (host bits zero).</summary>
    public IPAddress Network { get; }

    /// <summary>Number of leading bits that must match: 0–32 for IPv4, 0–128 for IPv6.</summary>
    public int PrefixLength { get; }

    /// <summary>Reads <c>10.1.2.3</c>, <c>10.1.4.0/24</c>, <c>2001:db8::1</c> or <c>2001:db8::/32</c>. Host bits set below
    /// the prefix (<c>10.1.4.7/24</c>) are refused: they usually mean a typing error.</summary>
    public static bool TryParse(string text, out AddressRange range, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            error = $"'{text}' is not an IP address or CIDR range (e.g. 10.1.2.3, 10.1.4.0/24, 2001:db8::/32)";
            return false;
        }

        address = Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            error = $"'{text}': the prefix length after '/' must be 0 to {bits}";
            return false;
        }

        range = new AddressRange(address, prefix);
        if (!range.Network.Equals(address))
        {
            error = $"'{text}' has host bits set below the /{prefix} prefix (did you mean {range}?)";
            range = default;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Whether <paramref name="address"/> lies in this range. Allocation-free.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Network is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == Network.AddressFamily && (ToNumber(address) & _mask) == _network;
    }

    /// <summary>Whether the two ranges share at least one address.</summary>
    public bool Overlaps(AddressRange other)
    {
        if (Network is null || other.Network is null || Network.AddressFamily != other.Network.AddressFamily)
        {
            return false;
        }

        var mask = PrefixLength <= other.PrefixLength ? _mask : other._mask;
        return (_network & mask) == (other._network & mask);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Network is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"{Network}/{PrefixLength}");

    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPAddress ToAddress(UInt128 number, int bits)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
        return new IPAddress(bits == 32 ? bytes[12..] : bytes);
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return UInt128.Zero;
        }

        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
