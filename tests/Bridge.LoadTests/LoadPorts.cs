using System.Net;
using System.Net.Sockets;

namespace Bridge.LoadTests;

/// <summary>
/// Where the room load's own sockets and Janus's media live on 127.0.0.1: above the kernel's ephemeral range (32768–60999
/// by default) and above every range the interop tests fix (all below 52000), so that a harness run and the interop tests
/// on one machine do not take each other's ports. The participants' sockets were kernel-chosen: during a soak a capture
/// showed three inside the ReInvite fixture's range, and Janus had 49000–50999, which the interop tests also use. The
/// bridge's media ports are <see cref="BridgeServer.MediaPorts"/>.
/// </summary>
internal static class LoadPorts
{
    /// <summary>Janus's own media range (janus.jcfg).</summary>
    public const string JanusMedia = "61000-61999";

    /// <summary>Janus AudioBridge's plain-RTP participants' range (janus.plugin.audiobridge.jcfg).</summary>
    public const string JanusAudioBridge = "62000-62999";

    private const int First = 63000;
    private const int Last = 64999;
    private static int _next = -1;

    /// <summary>Binds <paramref name="socket"/> to the next free port of 63000–64999 on 127.0.0.1.</summary>
    public static int Bind(Socket socket)
    {
        const int count = Last - First + 1;
        for (int attempt = 0; attempt < count; attempt++)
        {
            int port = First + (int)((uint)Interlocked.Increment(ref _next) % count);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // held by another socket of this run or another program: the next one
            }
        }

        throw new InvalidOperationException($"no free UDP port in {First}-{Last} on 127.0.0.1");
    }
}
