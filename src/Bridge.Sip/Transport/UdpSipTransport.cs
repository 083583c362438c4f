using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Bridge.Sip.Parsing;
using Bridge.Sip.Security;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Transport;

/// <summary>UDP transport (RFC 3261 §18.1.1, §18.2.1): one socket, one receive loop over a pooled buffer that each
/// message is parsed in place from (borrowed until its dispatch returns). Datagrams larger than the parser limit are
/// dropped before parsing.</summary>
internal sealed class UdpSipTransport : ISipTransport
{
    private const int ReceiveBufferBytes = 1 << 20;
    private readonly Socket _socket;
    private readonly SipParserLimits _limits;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    public UdpSipTransport(IPEndPoint bind, SipParserLimits limits, ILogger logger)
    {
        _limits = limits;
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = bind.Address.Equals(IPAddress.IPv6Any);
        }

        // Learn the local address of each datagram (for Contact/Via when bound to a wildcard address).
        if (bind.AddressFamily == AddressFamily.InterNetwork || _socket.DualMode)
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
        }

        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
        }

        // Room for a burst while the receive thread is descheduled (5,000 requests a second are ~2.5 MB/s): the kernel
        // caps it at net.core.rmem_max.
        _socket.ReceiveBufferSize = ReceiveBufferBytes;
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public string Name => SipTransportNames.Udp;

    /// <summary>Scanner and flood defence asked about each datagram's source before it is parsed.</summary>
    public SipRequestGuard? Guard { get; init; }

    public IPEndPoint LocalEndPoint { get; }

    public void Start(ISipTransportSink sink)
    {
        _thread = new Thread(() => ReceiveLoop(sink))
        {
            IsBackground = true,
            Name = "sip-udp-receive",
        };
        _thread.Start();
    }

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination, CancellationToken cancellationToken)
    {
        try
        {
            var target = destination.EndPoint;
            if (target.AddressFamily != _socket.AddressFamily)
            {
                if (!_socket.DualMode || target.AddressFamily != AddressFamily.InterNetwork)
                {
                    return ValueTask.FromResult(false);
                }

                target = new IPEndPoint(target.Address.MapToIPv6(), target.Port);
            }

            // Synchronous: a UDP send does not wait for the peer, and no asynchronous operation may touch this socket,
            // or .NET turns the receive thread's blocking receive into one completed by its event loop.
            _socket.SendTo(data.Span, SocketFlags.None, target);
            return ValueTask.FromResult(true);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            SipLog.SendFailed(_logger, Name, destination.EndPoint, ex.Message);
            return ValueTask.FromResult(false);
        }
    }

    /// <summary>Blocking receives on a thread of its own: each datagram is parsed and dispatched where it was read, with
    /// no hand-off to the thread pool (issue 14: the completion of an async receive and its continuation on a pool
    /// thread cost two wake-ups per request, most of the CPU of 5,000 OPTIONS a second).</summary>
    private void ReceiveLoop(ISipTransportSink sink)
    {
        // One byte more than the limit so an oversized datagram is recognised rather than silently cut.
        var size = Math.Min(_limits.MaxMessageSize + 1, 65536);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var flags = SocketFlags.None;
                var from = any;
                int count;
                IPPacketInformation packet;
                try
                {
                    count = _socket.ReceiveMessageFrom(buffer.AsSpan(0, size), ref flags, ref from, out packet);
                }
                catch (SocketException ex) when (!_stop.IsCancellationRequested)
                {
                    // ICMP port unreachable and friends: keep serving.
                    SipLog.ReceiveError(_logger, Name, ex.SocketErrorCode.ToString());
                    continue;
                }

                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                HandleDatagram(sink, buffer, count, flags, (IPEndPoint)from, packet.Address);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // stopping: the socket was closed under the blocking receive
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandleDatagram(ISipTransportSink sink, byte[] buffer, int count, SocketFlags flags, IPEndPoint source, IPAddress? local)
    {
        if (count == 0)
        {
            return;
        }

        var from = Normalize(source);
        if (count > _limits.MaxMessageSize || (flags & SocketFlags.Truncated) != 0)
        {
            SipLog.Oversized(_logger, Name, from, count);
            return;
        }

        if (Guard is { } guard && guard.CheckSource(from.Address) == SipGuardDecision.Drop)
        {
            return;
        }

        if (IsKeepAlive(buffer.AsSpan(0, count)))
        {
            return;
        }

        // The message borrows the receive buffer: the stack detaches whatever it keeps, and the loan ends before the
        // next datagram overwrites the buffer.
        var result = default(SipParseResult);
        try
        {
            result = SipParser.ParseDatagramInPlace(buffer, 0, count, _limits);
            if (result.Status is SipParseStatus.Ok or SipParseStatus.Malformed)
            {
                var remote = new SipRemote(Name, from)
                {
                    LocalAddress = local is null ? null : (local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local),
                };
                sink.OnReceived(result, remote);
            }
            else
            {
                SipLog.Oversized(_logger, Name, from, count);
            }
        }
#pragma warning disable CA1031 // nothing may escape the receive loop (docs/architecture.md §4)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipLog.HandlerFailed(_logger, Name, from, ex);
        }
        finally
        {
            result.Message?.EndBorrow();
        }
    }

    /// <summary>RFC 5626 §3.5.1 CRLF keep-alives (and stray whitespace) are not messages.</summary>
    private static bool IsKeepAlive(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            if (b is not ((byte)'\r' or (byte)'\n' or (byte)' ' or 0))
            {
                return false;
            }
        }

        return true;
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        WakeReceiver();
        _socket.Dispose();
        if (_thread is { } thread && !thread.Join(TimeSpan.FromSeconds(2)))
        {
            SipLog.ReceiveError(_logger, Name, "receive thread did not stop within 2 s");
        }

        _stop.Dispose();
    }

    /// <summary>An empty datagram to our own socket returns the blocking receive (closing a socket does not wake a
    /// thread blocked on it on every platform); it is dropped as a keep-alive.</summary>
    private void WakeReceiver()
    {
        try
        {
            var self = LocalEndPoint;
            if (self.Address.Equals(IPAddress.Any) || self.Address.Equals(IPAddress.IPv6Any))
            {
                self = new IPEndPoint(self.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, self.Port);
            }

            _socket.SendTo([], SocketFlags.None, self);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // the socket is closed next anyway
        }
    }
}
