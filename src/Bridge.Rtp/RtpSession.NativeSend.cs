using System.Net;
using System.Net.Sockets;
using Bridge.Rtp.Send;

namespace Bridge.Rtp;

/// <summary>
/// Which path <see cref="RtpSession"/> sends through: sendto(2) on the descriptor on Linux (<see cref="NativeDatagramSend"/>,
/// issue 14: the cheaper per-listener send of the mixer), else .NET's socket layer (Windows, other systems, or
/// <see cref="RtpSessionOptions.PortableSend"/>).
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>True when this session sends through sendto(2) directly (Linux, not <see cref="RtpSessionOptions.PortableSend"/>).</summary>
    internal bool SendsNatively => !_options.PortableSend && NativeDatagramSend.IsSupported;

    /// <summary>False when the native call could not be bound (the caller sends through the socket layer instead).</summary>
    private static bool TrySendNative(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress remote, out bool sent)
    {
        sent = NativeDatagramSend.TrySend(socket, datagram, remote, out bool unavailable);
        return !unavailable;
    }
}
