using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over the shared media port: the socket's receive loop
/// hands DTLS datagrams in with <see cref="TryEnqueue"/> (a copy into a bounded queue; it never blocks),
/// the endpoint's thread takes them out in <see cref="Receive(byte[], int, int, int)"/>, and sends go
/// straight to the <see cref="DtlsDatagramSender"/>. The send limit is the path MTU the handshake
/// fragments to (RFC 6347 §4.1.1.1).
/// </summary>
internal sealed class DtlsDatagramChannel : DatagramTransport
{
    /// <summary>Largest datagram accepted from the socket; larger ones are not DTLS from a browser and are dropped.</summary>
    public const int MaxDatagramLength = 2048;

    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly DtlsDatagramSender _send;
    private readonly int _capacity;
    private readonly int _mtu;
    private CancellationToken _token;
    private bool _closed;

    public DtlsDatagramChannel(DtlsDatagramSender send, int mtu, int capacity)
    {
        _send = send;
        _mtu = mtu;
        _capacity = capacity;
    }

    /// <summary>Datagrams dropped because the queue was full or the channel closed.</summary>
    public long Dropped { get; private set; }

    /// <summary>
    /// Ends a blocked <see cref="Receive(byte[], int, int, int)"/> with a <see cref="TlsTimeoutException"/> once the
    /// token is cancelled: the handshake deadline, then the endpoint's lifetime. Set from the endpoint's thread only.
    /// </summary>
    public CancellationToken Token
    {
        get => _token;
        set => _token = value;
    }

    /// <summary>Copies a datagram into the queue; false (dropped) when it is full, too large or closed. Never blocks.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > MaxDatagramLength)
        {
            return false;
        }

        lock (_queue)
        {
            if (_closed || _queue.Count >= _capacity)
            {
                Dropped++;
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
        }

        _available.Release();
        return true;
    }

    public int GetReceiveLimit() => MaxDatagramLength;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Waits up to <paramref name="waitMillis"/> for a datagram; -1 on timeout (BouncyCastle then retransmits).</summary>
    /// <exception cref="TlsTimeoutException">The handshake deadline passed or the endpoint was disposed.</exception>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        bool signalled;
        try
        {
            signalled = _available.Wait(Math.Max(0, waitMillis), _token);
        }
        catch (OperationCanceledException)
        {
            throw new TlsTimeoutException("DTLS endpoint stopped or handshake deadline passed");
        }

        if (!signalled)
        {
            return -1;
        }

        (byte[] Buffer, int Length) item;
        lock (_queue)
        {
            if (!_queue.TryDequeue(out item))
            {
                return -1;
            }
        }

        var length = Math.Min(item.Length, buffer.Length);
        item.Buffer.AsSpan(0, length).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => _send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => _send(buffer);

    /// <summary>Stops accepting datagrams and returns the queued buffers to the pool.</summary>
    public void Close()
    {
        lock (_queue)
        {
            _closed = true;
            while (_queue.TryDequeue(out var item))
            {
                ArrayPool<byte>.Shared.Return(item.Buffer);
            }
        }
    }
}
