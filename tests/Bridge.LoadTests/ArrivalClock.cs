using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bridge.LoadTests;

/// <summary>
/// When a datagram arrived, for <see cref="ArrivalJitter"/>: on Linux the kernel's receive time of the last datagram read
/// from a socket, <c>ioctl(SIOCGSTAMPNS)</c> (socket(7); CLOCK_REALTIME, taken when the datagram was queued, so the
/// generator's own thread-pool delays are not charged to the server); elsewhere, or if the ioctl fails, the Stopwatch time
/// when the receive completed. The first call on a socket enables its timestamps and fails with ENOENT (no datagram stamped
/// yet): <see cref="Enable"/> makes that call before the first receive. Which clock the run used is printed once
/// (<see cref="Describe"/>).
/// </summary>
internal static unsafe partial class ArrivalClock
{
    private const nuint SiocGStampNs = 0x8907;
    private const int Enoent = 2;
    private static int _kernelFailure; // 0: kernel time works (so far); else the errno that made it unavailable
    private static int _described;

    /// <summary>Whether the kernel's receive time is available (64-bit Linux, and the ioctl has not failed otherwise than ENOENT).</summary>
    public static bool Kernel => IsSupported && Volatile.Read(ref _kernelFailure) == 0;

    private static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Turns on the kernel's receive timestamps of <paramref name="socket"/> (before its first receive).</summary>
    public static void Enable(SafeSocketHandle socket)
    {
        if (Kernel && !TryKernel(socket, out _, out int errno) && errno != Enoent)
        {
            Interlocked.CompareExchange(ref _kernelFailure, errno, 0);
        }
    }

    /// <summary>
    /// The arrival of the datagram just read from <paramref name="socket"/>, in nanoseconds; <paramref name="kernel"/> says
    /// on which clock (kernel receive time, or Stopwatch now). Allocates nothing: one system call.
    /// </summary>
    public static long Now(SafeSocketHandle socket, out bool kernel)
    {
        if (Kernel)
        {
            if (TryKernel(socket, out long nanoseconds, out int errno))
            {
                kernel = true;
                return nanoseconds;
            }

            if (errno != Enoent)
            {
                Interlocked.CompareExchange(ref _kernelFailure, errno, 0);
            }
        }

        kernel = false;
        return StopwatchNanoseconds();
    }

    /// <summary>
    /// The kernel receive time in a datagram's control messages from recvmsg(2)/recvmmsg(2) on a socket with SO_TIMESTAMPNS
    /// (an SCM_TIMESTAMPNS message: struct cmsghdr of 16 octets on 64-bit Linux, then a struct timespec); false if none.
    /// </summary>
    public static bool TryControlTimestamp(byte* control, nuint length, out long nanoseconds)
    {
        const int HeaderSize = 16;
        nanoseconds = 0;
        for (nuint offset = 0; offset + HeaderSize <= length;)
        {
            byte* message = control + offset;
            nuint messageLength = *(nuint*)message;
            if (messageLength < HeaderSize || offset + messageLength > length)
            {
                return false;
            }

            if (*(int*)(message + 8) == MessageBatchNative.SolSocket && *(int*)(message + 12) == MessageBatchNative.SoTimestampNs &&
                messageLength >= HeaderSize + (nuint)sizeof(Timespec))
            {
                var stamp = (Timespec*)(message + HeaderSize);
                nanoseconds = (stamp->Seconds * 1_000_000_000) + stamp->Nanoseconds;
                return true;
            }

            offset += (messageLength + 7) & ~(nuint)7; // CMSG_ALIGN
        }

        return false;
    }

    /// <summary>The Stopwatch's time in nanoseconds.</summary>
    public static long StopwatchNanoseconds() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1e9 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>The arrival clock in a sentence, once per run (null after the first call).</summary>
    public static string? Describe()
    {
        if (Interlocked.Exchange(ref _described, 1) != 0)
        {
            return null;
        }

        return Kernel
            ? "jitter: arrival times are the kernel's receive times (SIOCGSTAMPNS)"
            : $"jitter: arrival times are Stopwatch times when the receive completed (kernel receive time unavailable: {(IsSupported ? $"SIOCGSTAMPNS failed, errno {Volatile.Read(ref _kernelFailure)}" : "not 64-bit Linux")}); the generator's own delays count as jitter";
    }

    private static bool TryKernel(SafeSocketHandle socket, out long nanoseconds, out int errno)
    {
        Timespec stamp;
        if (Ioctl(socket, SiocGStampNs, &stamp) == 0)
        {
            nanoseconds = (stamp.Seconds * 1_000_000_000) + stamp.Nanoseconds;
            errno = 0;
            return true;
        }

        nanoseconds = 0;
        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(SafeSocketHandle fd, nuint request, Timespec* argument);
}
