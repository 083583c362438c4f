using System.Net;
using System.Net.Sockets;

namespace Bridge.LoadTests;

/// <summary>Ports the kernel has free on 127.0.0.1, so runs side by side do not collide.</summary>
internal static class FreePorts
{
    public static int Udp() => Free(SocketType.Dgram, ProtocolType.Udp);

    public static int Tcp() => Free(SocketType.Stream, ProtocolType.Tcp);

    private static int Free(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
