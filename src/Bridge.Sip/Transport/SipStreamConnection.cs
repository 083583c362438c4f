using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Bridge.Sip.Parsing;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Transport;

/// <summary>One TCP or TLS connection (RFC 3261 §18.3): frames messages by Content-Length with a pooled, growing
/// buffer, parsing a message only when <see cref="SipStreamFramer"/> says it may be whole; answers RFC 5626 §4.4.1 double-CRLF pings; closes after an idle period or a framing error.</summary>
internal sealed class SipStreamConnection : IAsyncDisposable
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly SipStreamSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly SipStreamFramer _framer = new();
    private CancellationTokenSource? _idle;
    private int _disposed;

    public SipStreamConnection(long id, string transport, Socket socket, Stream stream, SipStreamSettings settings, TimeProvider time, ILogger logger)
    {
        Id = id;
        Transport = transport;
        _socket = socket;
        _stream = stream;
        _settings = settings;
        _time = time;
        _logger = logger;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        RemoteEndPoint = remote.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(remote.Address.MapToIPv4(), remote.Port) : remote;
        var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
        LocalAddress = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
    }

    public long Id { get; }

    public string Transport { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPAddress LocalAddress { get; }

    /// <summary>Subject of the client certificate presented in the TLS handshake (server side), or null.</summary>
    public string? ClientCertificateSubject { get; init; }

    public bool IsClosed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Reads and frames until the peer closes, the idle timer fires, or framing fails. Never throws.</summary>
    public async Task RunAsync(ISipTransportSink sink)
    {
        var limits = _settings.Limits;
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        var filled = 0;
        var remote = new SipRemote(Transport, RemoteEndPoint) { ConnectionId = Id, LocalAddress = LocalAddress, ClientCertificateSubject = ClientCertificateSubject };
        using var idle = new CancellationTokenSource(_settings.IdleTimeout, _time);
        _idle = idle;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _closed.Token);
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= limits.MaxMessageSize + 4)
                    {
                        SipLog.Oversized(_logger, Transport, RemoteEndPoint, filled);
                        return;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limits.MaxMessageSize + 4));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await _stream.ReadAsync(buffer.AsMemory(filled), linked.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                idle.CancelAfter(_settings.IdleTimeout);
                filled += read;
                var consumed = await FrameAsync(sink, buffer, filled, remote).ConfigureAwait(false);
                if (consumed < 0)
                {
                    return;
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        }
#pragma warning disable CA1031 // a connection loop ends quietly on any I/O failure
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex is not OperationCanceledException)
            {
                SipLog.ReceiveError(_logger, Transport, ex.GetType().Name);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Delivers every complete message in <paramref name="buffer"/>; returns bytes consumed, or -1 to close.</summary>
    private async ValueTask<int> FrameAsync(ISipTransportSink sink, byte[] buffer, int filled, SipRemote remote)
    {
        var start = 0;
        while (start < filled)
        {
            var crlf = CountLeadingCrlf(buffer.AsSpan(start, filled - start));
            if (crlf > 0)
            {
                if (crlf >= 4)
                {
                    await SendAsync(Pong, CancellationToken.None).ConfigureAwait(false);
                }

                start += crlf;
                continue;
            }

            if (!_framer.MayBeComplete(buffer.AsSpan(start, filled - start)))
            {
                return start;
            }

            var result = ParseOne(buffer, start, filled);
            switch (result.Status)
            {
                case SipParseStatus.Ok:
                    _framer.Reset();
                    Deliver(sink, result, remote);
                    start += Math.Max(result.BytesConsumed, 1);
                    break;
                case SipParseStatus.Incomplete:
                    _framer.AwaitLength(result.BytesNeeded, filled - start);
                    return start;
                case SipParseStatus.Malformed:
                    // The framing is lost: answer 400 if possible, then close (RFC 3261 §18.3).
                    Deliver(sink, result, remote);
                    return -1;
                default:
                    SipLog.Oversized(_logger, Transport, RemoteEndPoint, filled - start);
                    return -1;
            }
        }

        return start;
    }

    /// <summary>The message borrows the connection buffer; <see cref="Deliver"/> ends the loan before the buffer moves.</summary>
    private SipParseResult ParseOne(byte[] buffer, int start, int filled) =>
        SipParser.ParseStreamInPlace(buffer, start, filled - start, _settings.Limits);

    private void Deliver(ISipTransportSink sink, SipParseResult result, SipRemote remote)
    {
        try
        {
            sink.OnReceived(result, remote);
        }
#pragma warning disable CA1031 // nothing may escape the receive loop
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipLog.HandlerFailed(_logger, Transport, RemoteEndPoint, ex);
        }
        finally
        {
            result.Message?.EndBorrow();
        }
    }

    private static int CountLeadingCrlf(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>Writes one whole message; concurrent writers are serialised so messages never interleave.</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            return false;
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                TouchIdle();
                return true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
#pragma warning disable CA1031 // a failed send is reported as false (RFC 3261 §18.4 transport error)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SipLog.SendFailed(_logger, Transport, RemoteEndPoint, ex.GetType().Name);
            await DisposeAsync().ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Sending counts as activity too, so a connection we use for a long call is not cut while idle inbound.</summary>
    private void TouchIdle()
    {
        try
        {
            _idle?.CancelAfter(_settings.IdleTimeout);
        }
        catch (ObjectDisposedException)
        {
            // the read loop ended meanwhile
        }
    }

    /// <summary>Raised once when the connection closes.</summary>
    public event Action<SipStreamConnection>? Closed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closed.CancelAsync().ConfigureAwait(false);
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // closing a broken TLS stream may throw; it is closed either way
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        _socket.Dispose();
        Closed?.Invoke(this);
    }
}
