using System.Net;
using System.Net.Sockets;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Ports the kernel has just handed out, for peers that need a fixed port on their command line.</summary>
public static class FreePorts
{
    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
