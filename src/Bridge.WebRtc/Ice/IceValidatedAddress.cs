using System.Net;

namespace Bridge.WebRtc.Ice;

/// <summary>A remote address that sent a valid check, and when it last did (consent, RFC 7675 §5.1).</summary>
internal sealed class IceValidatedAddress
{
    public IceValidatedAddress(SocketAddress source, long timestamp)
    {
        Address = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(Address.Buffer.Span);
        LastCheckTimestamp = timestamp;
    }

    /// <summary>A private copy of the source address.</summary>
    public SocketAddress Address { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last valid check from it.</summary>
    public long LastCheckTimestamp { get; set; }
}
