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
    private readonly Socket _socket;
    private readonly SipParserLimits _limits;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

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

        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public string Name => SipTransportNames.Udp;

    /// <summary>Scanner and flood defence asked about each datagram's source before it is parsed.</summary>
    public SipRequestGuard? Guard { get; init; }

    public IPEndPoint LocalEndPoint { get; }

    public void Start(ISipTransportSink sink) => _loop = Task.Run(() => ReceiveLoopAsync(sink));

    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination, CancellationToken cancellationToken)
    {
        try
        {
            var target = destination.EndPoint;
            if (target.AddressFamily != _socket.AddressFamily)
            {
                if (!_socket.DualMode || target.AddressFamily != AddressFamily.InterNetwork)
                {
                    return false;
                }

                target = new IPEndPoint(target.Address.MapToIPv6(), target.Port);
            }

            await _socket.SendToAsync(data, SocketFlags.None, target, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            SipLog.SendFailed(_logger, Name, destination.EndPoint, ex.Message);
            return false;
        }
    }

    private async Task ReceiveLoopAsync(ISipTransportSink sink)
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
                SocketReceiveMessageFromResult received;
                try
                {
                    received = await _socket.ReceiveMessageFromAsync(buffer.AsMemory(0, size), SocketFlags.None, any, _stop.Token)
                        .ConfigureAwait(false);
                }
                catch (SocketException ex)
                {
                    // ICMP port unreachable and friends: keep serving.
                    SipLog.ReceiveError(_logger, Name, ex.SocketErrorCode.ToString());
                    continue;
                }

                HandleDatagram(sink, buffer, received);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // stopping
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandleDatagram(ISipTransportSink sink, byte[] buffer, SocketReceiveMessageFromResult received)
    {
        var count = received.ReceivedBytes;
        if (count == 0)
        {
            return;
        }

        var from = Normalize((IPEndPoint)received.RemoteEndPoint);
        if (count > _limits.MaxMessageSize || (received.SocketFlags & SocketFlags.Truncated) != 0)
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
                var local = received.PacketInformation.Address;
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
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
