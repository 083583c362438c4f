using System.Net.Sockets;

namespace Bridge.Rtp.Receive;

/// <summary>
/// Receives the RTP and RTCP of many <see cref="RtpSession"/>s on a few dedicated threads (issue 14): on 64-bit Linux each
/// <see cref="ReceiveThread"/> owns an epoll set over its sessions' sockets and takes datagrams in batches with recvmmsg(2),
/// so a datagram costs neither its own epoll wake-up nor a thread-pool work item and continuation, as a
/// <see cref="Socket.ReceiveFromAsync(Memory{byte}, SocketFlags, System.Net.SocketAddress, CancellationToken)"/> loop per socket does.
/// Unprotect and jitter-buffer insert run on that thread. Elsewhere (Windows, other architectures) or when a system call is
/// refused, sessions keep the portable socket loop; the reason is reported once through the fallback callback.
/// Sessions find the engine through <see cref="RtpPortAllocator.ReceiveEngine"/>.
/// </summary>
public sealed class RtpReceiveEngine : IDisposable
{
    /// <summary>Datagrams per recvmmsg call.</summary>
    public const int BatchSize = 32;

    private readonly ReceiveThread[] _threads;
    private readonly Action<string>? _fallback;
    private int _fallbackReported;
    private int _disposed;

    private RtpReceiveEngine(int threads, Action<string>? fallback)
    {
        _threads = new ReceiveThread[threads];
        _fallback = fallback;
    }

    /// <summary>Dedicated receive threads.</summary>
    public int Threads => _threads.Length;

    /// <summary>Datagrams received by all threads (for tests and metrics).</summary>
    public long Datagrams => _threads.Sum(t => t.Datagrams);

    /// <summary>recvmmsg calls that returned datagrams (Datagrams / Calls is the batching achieved).</summary>
    public long Calls => _threads.Sum(t => t.Calls);

    /// <summary>Datagrams longer than the receive buffer, dropped.</summary>
    public long Truncated => _threads.Sum(t => t.Truncated);

    /// <summary>Sockets registered now.</summary>
    public int Registrations => _threads.Sum(t => t.Registrations);

    /// <summary>
    /// The engine with <paramref name="threads"/> receive threads, or null: with 0 threads (the portable path by configuration,
    /// <paramref name="unavailable"/> null) or where the engine cannot run (<paramref name="unavailable"/> says why: not 64-bit
    /// Linux, or a system call was refused, e.g. EPERM or ENOSYS under a sandbox). <paramref name="fallback"/> is called at most once,
    /// from any thread, if a later system call fails and sockets go back to the portable path.
    /// </summary>
    public static RtpReceiveEngine? TryCreate(int threads, Action<string>? fallback, out string? unavailable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        unavailable = null;
        if (threads == 0)
        {
            return null;
        }

        if (!LinuxReceiveNative.IsSupported)
        {
            unavailable = "the batched receive engine needs 64-bit Linux (x86-64 or arm64)";
            return null;
        }

        var engine = new RtpReceiveEngine(threads, fallback);
        try
        {
            for (int i = 0; i < threads; i++)
            {
                ReceiveThread? thread = ReceiveThread.TryCreate(engine, i, BatchSize, out unavailable);
                if (thread is null)
                {
                    engine.DisposeThreads(i);
                    return null;
                }

                engine._threads[i] = thread;
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = $"libc could not be called ({exception.GetType().Name})";
            return null;
        }

        return engine;
    }

    /// <summary>Stops the threads. Sessions still registered stop receiving; dispose them first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DisposeThreads(_threads.Length);
        }
    }

    /// <summary>Adds <paramref name="socket"/> of <paramref name="session"/> to the least loaded thread; null: use the socket loop.</summary>
    internal ReceiveRegistration? Register(RtpSession session, Socket socket, bool rtcpSocket)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }

        ReceiveThread thread = _threads[0];
        for (int i = 1; i < _threads.Length; i++)
        {
            if (_threads[i].Registrations < thread.Registrations)
            {
                thread = _threads[i];
            }
        }

        var registration = new ReceiveRegistration(session, socket, rtcpSocket, thread);
        return thread.TryAdd(registration) ? registration : null;
    }

    internal void ReportFallback(string reason)
    {
        if (Interlocked.Exchange(ref _fallbackReported, 1) == 0)
        {
            _fallback?.Invoke(reason);
        }
    }

    private void DisposeThreads(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _threads[i].Dispose();
        }
    }
}
