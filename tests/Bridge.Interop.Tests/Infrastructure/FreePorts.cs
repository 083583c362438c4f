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

    /// <summary>
    /// The first of <paramref name="count"/> consecutive UDP ports that are all free now: sipp's <c>-mp</c> port is its
    /// audio RTP port, and it binds the next ones too (RTCP, video RTP at +2); a kernel port whose +2 was taken made sipp
    /// exit with "Unable to bind video RTP socket" (errno 98) before its first call.
    /// </summary>
    public static int UdpBlock(int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            var first = Udp();
            if (first + count - 1 <= IPEndPoint.MaxPort && AllFree(first, count) || attempt == 20)
            {
                return first;
            }
        }
    }

    private static bool AllFree(int first, int count)
    {
        var sockets = new List<Socket>();
        try
        {
            for (var port = first; port < first + count; port++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}
