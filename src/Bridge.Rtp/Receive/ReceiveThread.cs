using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using static Bridge.Rtp.Receive.LinuxReceiveNative;

namespace Bridge.Rtp.Receive;

/// <summary>
/// One dedicated receive thread of <see cref="RtpReceiveEngine"/>: an epoll set (level-triggered) over its sessions'
/// sockets and an eventfd for wake-ups; each readable socket is drained with recvmmsg(2), up to
/// <see cref="ReceiveBatch.Capacity"/> datagrams per call, and each datagram goes through <see cref="RtpSession.DispatchDatagram"/>
/// on this thread (RFC 7983 demultiplexing, SRTP unprotect, jitter-buffer insert). Sockets are added and removed through
/// a queue this thread alone consumes; a removal from another thread waits until this thread has let go of the socket.
/// </summary>
internal sealed unsafe class ReceiveThread : IDisposable
{
    private const ulong WakeToken = ulong.MaxValue;
    private const int MaxEvents = 64;
    private const int BatchesPerWake = 4;

    private readonly RtpReceiveEngine _engine;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly ReceiveBatch _batch;
    private readonly byte* _events;
    private readonly int _eventSize;
    private readonly int _dataOffset;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<(ReceiveRegistration Registration, TaskCompletionSource? Removed)> _commands = new();
    private readonly Lock _lifecycle = new();
    private readonly Stack<int> _freeSlots = new();
    private ReceiveRegistration?[] _slots = new ReceiveRegistration?[64];
    private int _usedSlots;
    private uint _generation;
    private int _registrations;
    private bool _stopping;
    private bool _exited;
    private long _datagrams;
    private long _calls;
    private long _truncated;

    private ReceiveThread(RtpReceiveEngine engine, int index, int epoll, int wake, int batchSize)
    {
        _engine = engine;
        _epoll = epoll;
        _wake = wake;
        _batch = new ReceiveBatch(batchSize);
        _eventSize = EpollEventSize;
        _dataOffset = EpollDataOffset;
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * _eventSize));
        _thread = new Thread(Run) { IsBackground = true, Name = $"rtp-receive-{index}" };
    }

    /// <summary>Sockets on this thread (added or waiting to be), for spreading sessions over threads.</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>Datagrams taken from the kernel.</summary>
    public long Datagrams => Volatile.Read(ref _datagrams);

    /// <summary>recvmmsg calls that returned datagrams.</summary>
    public long Calls => Volatile.Read(ref _calls);

    /// <summary>Datagrams longer than <see cref="ReceiveBatch.DatagramSize"/>, dropped.</summary>
    public long Truncated => Volatile.Read(ref _truncated);

    /// <summary>The epoll set, the eventfd and the thread, or null with the failing call and errno in <paramref name="failure"/>.</summary>
    public static ReceiveThread? TryCreate(RtpReceiveEngine engine, int index, int batchSize, out string? failure)
    {
        int epoll = EpollCreate1(EpollCloexec);
        if (epoll < 0)
        {
            failure = $"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()})";
            return null;
        }

        int wake = EventFd(0, EfdNonBlock | EfdCloexec);
        if (wake < 0)
        {
            failure = $"eventfd failed (errno {Marshal.GetLastPInvokeError()})";
            Close(epoll);
            return null;
        }

        if (Control(epoll, EpollCtlAdd, wake, WakeToken) < 0)
        {
            failure = $"epoll_ctl failed (errno {Marshal.GetLastPInvokeError()})";
            Close(wake);
            Close(epoll);
            return null;
        }

        failure = null;
        var thread = new ReceiveThread(engine, index, epoll, wake, batchSize);
        thread._thread.Start();
        return thread;
    }

    /// <summary>Queues <paramref name="registration"/> for the epoll set. False once the thread has ended (use the socket path).</summary>
    public bool TryAdd(ReceiveRegistration registration)
    {
        lock (_lifecycle)
        {
            if (_exited || _stopping)
            {
                return false;
            }

            Interlocked.Increment(ref _registrations);
            _commands.Enqueue((registration, null));
        }

        Wake();
        return true;
    }

    /// <summary>
    /// Takes <paramref name="registration"/> out of the epoll set; returns once this thread can no longer touch its session
    /// or socket (at once when called on this thread, from a handler).
    /// </summary>
    public void Remove(ReceiveRegistration registration) => RemoveAsync(registration).Wait();

    /// <summary>
    /// As <see cref="Remove"/>, without blocking the caller: the task completes (on the thread pool) once this thread let
    /// go of the socket (at once when called on this thread). A call's release uses it, so a join storm's hang-ups do not each hold a pool thread (issue 14).
    /// </summary>
    public Task RemoveAsync(ReceiveRegistration registration)
    {
        if (Thread.CurrentThread == _thread)
        {
            RemoveNow(registration);
            return Task.CompletedTask;
        }

        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lifecycle)
        {
            if (_exited)
            {
                return Task.CompletedTask;
            }

            _commands.Enqueue((registration, removed));
        }

        Wake();
        return removed.Task;
    }

    /// <summary>Stops the thread; sockets still registered are no longer received.</summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        Wake();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Wake()
    {
        ulong one = 1;
        _ = LinuxReceiveNative.Write(_wake, &one, sizeof(ulong));
    }

    private void Run()
    {
        bool failed = false;
        try
        {
            failed = !Loop();
        }
        finally
        {
            Exit(failed);
        }
    }

    /// <summary>The event loop; false when epoll_wait failed for good (the sessions then go back to the socket path).</summary>
    private bool Loop()
    {
        while (true)
        {
            int ready = EpollWait(_epoll, _events, MaxEvents, -1);
            if (ready < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                _engine.ReportFallback($"epoll_wait failed (errno {errno}); receiving through the socket path");
                return false;
            }

            for (int i = 0; i < ready; i++)
            {
                ulong data = *(ulong*)(_events + (i * _eventSize) + _dataOffset);
                if (data == WakeToken)
                {
                    ulong count;
                    _ = LinuxReceiveNative.Read(_wake, &count, sizeof(ulong));
                    if (!RunCommands())
                    {
                        return true;
                    }

                    continue;
                }

                int slot = (int)(uint)data;
                if (slot < _slots.Length && _slots[slot] is { } registration && registration.Generation == (uint)(data >> 32))
                {
                    Drain(registration);
                }
            }
        }
    }

    /// <summary>Runs queued adds and removals; false when the thread is to stop.</summary>
    private bool RunCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            if (command.Removed is { } removed)
            {
                RemoveNow(command.Registration);
                removed.TrySetResult();
            }
            else
            {
                AddNow(command.Registration);
            }
        }

        lock (_lifecycle)
        {
            return !_stopping;
        }
    }

    private void AddNow(ReceiveRegistration registration)
    {
        bool referenced = false;
        try
        {
            // The reference keeps the descriptor from being closed (and its number reused) while it is in the set.
            registration.Socket.SafeHandle.DangerousAddRef(ref referenced);
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Decrement(ref _registrations);
            return;
        }

        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _usedSlots++;
        if (slot >= _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        _generation = _generation == uint.MaxValue - 1 ? 1 : _generation + 1;
        int fd = (int)registration.Socket.SafeHandle.DangerousGetHandle();
        if (Control(_epoll, EpollCtlAdd, fd, ((ulong)_generation << 32) | (uint)slot) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            _freeSlots.Push(slot);
            registration.Socket.SafeHandle.DangerousRelease();
            Interlocked.Decrement(ref _registrations);
            _engine.ReportFallback($"epoll_ctl failed (errno {errno}); this socket is received through the socket path");
            registration.Session.StartPortableReceive(registration.Socket, registration.IsRtcpSocket);
            return;
        }

        registration.Fd = fd;
        registration.Slot = slot;
        registration.Generation = _generation;
        registration.Active = true;
        _slots[slot] = registration;
    }

    private void RemoveNow(ReceiveRegistration registration)
    {
        if (!registration.Active)
        {
            return;
        }

        _ = Control(_epoll, EpollCtlDel, registration.Fd, 0);
        _slots[registration.Slot] = null;
        _freeSlots.Push(registration.Slot);
        registration.Active = false;
        registration.Socket.SafeHandle.DangerousRelease();
        Interlocked.Decrement(ref _registrations);
    }

    /// <summary>
    /// Receives from one readable socket until it is empty (a call returning fewer datagrams than asked) or
    /// <see cref="BatchesPerWake"/> calls, so one flooded socket cannot starve the others (level-triggered: it comes back).
    /// </summary>
    private void Drain(ReceiveRegistration registration)
    {
        ReceiveBatch batch = _batch;
        for (int call = 0; call < BatchesPerWake; call++)
        {
            int received = RecvMmsg(registration.Fd, batch.Headers, (uint)batch.Capacity, MsgDontWait, null);
            if (received <= 0)
            {
                // EAGAIN: empty. EINTR: the next event retries. ECONNREFUSED and other ICMP reports: the call took the
                // pending error; any datagram behind it keeps the socket readable.
                if (received < 0)
                {
                    _ = Marshal.GetLastPInvokeError();
                }

                return;
            }

            _calls++;
            _datagrams += received;
            for (int i = 0; i < received; i++)
            {
                if (batch.IsTruncated(i))
                {
                    _truncated++;
                    continue;
                }

                if (!batch.TryCopySource(i, registration.From))
                {
                    continue;
                }

                Dispatch(registration, batch.Datagram(i));
                if (!registration.Active)
                {
                    // A handler disposed the session (e.g. on an RTCP BYE): the rest of the batch is no longer its.
                    batch.Prepare(received);
                    return;
                }
            }

            batch.Prepare(received);
            if (received < batch.Capacity)
            {
                return;
            }
        }
    }

    private static void Dispatch(ReceiveRegistration registration, Span<byte> datagram)
    {
        try
        {
            registration.Session.DispatchDatagram(datagram, registration.From, registration.IsRtcpSocket);
        }
#pragma warning disable CA1031 // bad network input must never end the receive thread (docs/architecture.md §4)
        catch (Exception)
#pragma warning restore CA1031
        {
            registration.Session.CountDispatchFailure();
        }
    }

    private void Exit(bool failed)
    {
        lock (_lifecycle)
        {
            _exited = true;
        }

        // Nothing is queued after _exited: run what is left, acknowledge removals, then let go of every socket.
        while (_commands.TryDequeue(out var command))
        {
            if (command.Removed is { } removed)
            {
                RemoveNow(command.Registration);
                removed.TrySetResult();
            }
            else if (failed)
            {
                Interlocked.Decrement(ref _registrations);
                command.Registration.Session.StartPortableReceive(command.Registration.Socket, command.Registration.IsRtcpSocket);
            }
        }

        foreach (ReceiveRegistration? registration in _slots)
        {
            if (registration is not null)
            {
                RemoveNow(registration);
                if (failed)
                {
                    registration.Session.StartPortableReceive(registration.Socket, registration.IsRtcpSocket);
                }
            }
        }

        _ = Close(_wake);
        _ = Close(_epoll);
        _batch.Dispose();
        NativeMemory.Free(_events);
    }
}
