using System.Net;
using System.Net.Sockets;

namespace Bridge.Rtp.Receive;

/// <summary>
/// One socket of one <see cref="RtpSession"/> on a <see cref="ReceiveThread"/>: its file descriptor, the slot it holds in
/// the thread's epoll set and the reused source address every datagram's sender is written into. Fields other than the
/// constructor's are read and written on the engine thread only.
/// </summary>
internal sealed class ReceiveRegistration
{
    public ReceiveRegistration(RtpSession session, Socket socket, bool rtcpSocket, ReceiveThread thread)
    {
        Session = session;
        Socket = socket;
        IsRtcpSocket = rtcpSocket;
        Thread = thread;
        From = new SocketAddress(socket.AddressFamily);
    }

    public RtpSession Session { get; }

    public Socket Socket { get; }

    /// <summary>The session's separate RTCP socket (not rtcp-mux).</summary>
    public bool IsRtcpSocket { get; }

    public ReceiveThread Thread { get; }

    /// <summary>Source of the datagram being dispatched; overwritten for each (handlers copy it to keep it).</summary>
    public SocketAddress From { get; }

    /// <summary>True while the socket is in the epoll set (between a successful add and the removal).</summary>
    public bool Active { get; set; }

    public int Fd { get; set; } = -1;

    public int Slot { get; set; } = -1;

    /// <summary>Tells an event of an earlier registration in the same slot from this one's.</summary>
    public uint Generation { get; set; }
}
