using System.Net;
using System.Net.Sockets;
using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

/// <summary>
/// A stand-in for the one-port media socket: a UDP socket on 127.0.0.1 whose receive thread hands DTLS
/// datagrams (RFC 7983) to the endpoint and remembers the peer's address; the endpoint sends back through it.
/// </summary>
internal sealed class UdpDtlsHost : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _receiver;
    private volatile EndPoint? _remote;
    private volatile bool _stopped;

    public UdpDtlsHost(DtlsCertificate certificate, DtlsRole role, DtlsFingerprint remoteFingerprint, DtlsSrtpOptions? options = null, IPEndPoint? remote = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _remote = remote;
        Endpoint = new DtlsSrtpEndpoint(certificate, role, remoteFingerprint, Send, options);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "test-udp" };
        _receiver.Start();
    }

    public DtlsSrtpEndpoint Endpoint { get; }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>A UDP port that was free a moment ago (for openssl s_server).</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        Endpoint.Dispose();
        _stopped = true;
        _socket.Dispose();
        _receiver.Join(2000);
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        var remote = _remote;
        if (remote is not null && !_stopped)
        {
            try
            {
                _socket.SendTo(datagram, SocketFlags.None, remote);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue; // ICMP port unreachable on Linux surfaces here; keep reading
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _remote ??= from;
            if (DtlsSrtpEndpoint.IsDtls(buffer.AsSpan(0, length)))
            {
                Endpoint.TryDeliver(buffer.AsSpan(0, length));
            }
        }
    }
}
