using System.Runtime.InteropServices;

namespace Bridge.Media.Mixing;

/// <summary>
/// Wakes one waiting thread (a <see cref="SendStage"/>'s) from another (its mixer) without a lock in user space. On Linux
/// the waiter blocks in read(2) on an eventfd and <see cref="Set"/> is one write(2): the kernel wakes the waiter, and the
/// mixer never waits for anything. With a <see cref="ManualResetEventSlim"/> (the portable path, kept for other systems and
/// as the fallback) a set while the other thread is about to block takes the event's lock, and if that thread was
/// preempted holding it, the real-time mixer waited until the scheduler ran it again (issue 14: 0.9 ms once in a join
/// storm). Sets before a wait are not lost: the wait then returns at once, and any number of them wake it once.
/// </summary>
internal sealed partial class ThreadWake : IDisposable
{
    private const int CloseOnExec = 0x80000; // EFD_CLOEXEC
    private const int Interrupted = 4; // EINTR
    private readonly ManualResetEventSlim? _portable;
    private int _fd = -1;
    private volatile bool _disposed;

    /// <param name="portable">Use the portable event even where an eventfd is available (tests).</param>
    internal ThreadWake(bool portable = false)
    {
        if (!portable && OperatingSystem.IsLinux())
        {
            try
            {
                _fd = eventfd(0, CloseOnExec);
            }
            catch (DllNotFoundException)
            {
            }
            catch (EntryPointNotFoundException)
            {
            }
        }

        if (_fd < 0)
        {
            _portable = new ManualResetEventSlim(false, spinCount: 0);
        }
    }

    /// <summary>Whether the eventfd path is in use (false: the portable event).</summary>
    internal bool IsKernelWake => _portable is null;

    /// <summary>Wakes the waiter, or makes its next wait return at once.</summary>
    public void Set()
    {
        if (_disposed)
        {
            return;
        }

        if (_portable is { } portable)
        {
            portable.Set();
            return;
        }

        ulong one = 1;
        _ = write(_fd, ref one, sizeof(ulong)); // fails only at a counter of 2^64 - 2: a wake is pending then anyway
    }

    /// <summary>Blocks until <see cref="Set"/> was called since the last wait returned (at once if it was).</summary>
    public void Wait()
    {
        if (_disposed)
        {
            return;
        }

        if (_portable is { } portable)
        {
            portable.Wait();
            portable.Reset(); // before the caller looks for work: a set from here on makes the next wait return
            return;
        }

        ulong count;
        while (read(_fd, out count, sizeof(ulong)) < 0 && Marshal.GetLastPInvokeError() == Interrupted)
        {
            // a signal interrupted the wait: wait again
        }
    }

    /// <summary>Only once no thread can call <see cref="Set"/> or <see cref="Wait"/> any more.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _portable?.Dispose();
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, out ulong value, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, ref ulong value, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
