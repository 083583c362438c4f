using System.Globalization;
using System.IO.Enumeration;
using System.Runtime.InteropServices;

namespace Bridge.Media.Mixing;

/// <summary>
/// A larger share of a busy CPU for a thread that must not wait behind the rest, without the real-time class's power to
/// starve them: its nice value is lowered by a number of steps from what it has (the service's <c>Nice=</c>), down to -20.
/// Each step is about 1.25 times the weight under Linux' scheduler, so 10 steps is about nine times a normal thread's share.
/// Used for the mixer threads' send stages and the garbage collector's threads. Needs CAP_SYS_NICE or an RLIMIT_NICE
/// allowing it (systemd: <c>LimitNICE=</c>); without it the thread keeps its nice value. Linux only.
/// </summary>
public static partial class ThreadShare
{
    /// <summary>Whether a thread's name (as the kernel has it) is one to raise.</summary>
    public delegate bool ThreadNameMatch(ReadOnlySpan<char> name);

    private const int PrioProcess = 0;

    /// <summary>Raises the calling thread's share by <paramref name="steps"/>; false when not Linux or not permitted.</summary>
    public static bool TryRaiseOwn(int steps) => OperatingSystem.IsLinux() && TryRaise(CurrentThreadId(), steps);

    /// <summary>
    /// Raises the share of every thread of this process whose name (as the kernel has it, at most 15 characters) satisfies
    /// <paramref name="match"/> and is not yet raised by <paramref name="steps"/> below <paramref name="processNice"/>.
    /// Returns how many threads match, how many it raised now, and how many it could not raise (not permitted). Called
    /// every few seconds for the life of the service, so it reads each thread's name into the stack: nothing is allocated
    /// per thread (File.ReadAllText of every thread's name was most of what a steady bridge allocated, issue 14).
    /// </summary>
    public static (int Matching, int Raised, int Refused) RaiseByName(ThreadNameMatch match, int processNice, int steps)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0, 0);
        }

        int target = Target(processNice, steps);
        int matching = 0, raised = 0, refused = 0;
        Span<char> name = stackalloc char[MaxNameLength];
        foreach (int tid in ThreadIds())
        {
            if (tid <= 0 || !TryReadName(tid, name, out int length) || !match(name[..length]))
            {
                continue; // not a thread id, ended meanwhile, or another name
            }

            matching++;
            if (NiceOf(tid) is int nice && nice > target)
            {
                if (setpriority(PrioProcess, tid, target) == 0)
                {
                    raised++;
                }
                else
                {
                    refused++;
                }
            }
        }

        return (matching, raised, refused);
    }

    /// <summary>The nice value <paramref name="steps"/> below <paramref name="nice"/>, at most to -20.</summary>
    public static int Target(int nice, int steps) => Math.Max(-20, nice - steps);

    /// <summary>The calling thread's nice value (0 where there is none).</summary>
    public static int OwnNice() => OperatingSystem.IsLinux() ? NiceOf(CurrentThreadId()) ?? 0 : 0;

    private static bool TryRaise(int tid, int steps)
    {
        if (steps <= 0 || NiceOf(tid) is not int current)
        {
            return false;
        }

        try
        {
            // PRIO_PROCESS with a thread id sets that thread's nice value only (a Linux thread is a task of its own).
            return setpriority(PrioProcess, tid, Target(current, steps)) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static int? NiceOf(int tid)
    {
        try
        {
            Marshal.SetLastPInvokeError(0);
            int nice = getpriority(PrioProcess, tid);
            return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static int CurrentThreadId()
    {
        try
        {
            return gettid();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0; // who = 0: the calling thread
        }
    }

    // The kernel keeps a thread's name in 16 bytes with its terminating zero (TASK_COMM_LEN); comm holds it and a newline.
    private const int MaxNameLength = 16;

    /// <summary>The ids of this process's threads: the directory names of /proc/self/task, parsed without a string each.</summary>
    private static FileSystemEnumerable<int> ThreadIds() =>
        new("/proc/self/task", static (ref FileSystemEntry entry) => int.TryParse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture, out int tid) ? tid : -1)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.IsDirectory,
        };

    /// <summary>Reads /proc/self/task/TID/comm into <paramref name="name"/> (ASCII as the runtime names its threads).</summary>
    private static unsafe bool TryReadName(int tid, Span<char> name, out int length)
    {
        length = 0;
        // "/proc/self/task/TID/comm" and its terminating zero, written by hand: Utf8.TryWrite allocated 24 bytes a call.
        Span<byte> path = stackalloc byte[48];
        ReadOnlySpan<byte> prefix = "/proc/self/task/"u8;
        ReadOnlySpan<byte> suffix = "/comm\0"u8;
        prefix.CopyTo(path);
        if (!tid.TryFormat(path[prefix.Length..], out int digits, default, CultureInfo.InvariantCulture) ||
            !suffix.TryCopyTo(path[(prefix.Length + digits)..]))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxNameLength + 1];
        int read;
        try
        {
            fixed (byte* p = path)
            fixed (byte* b = bytes)
            {
                int fd = open(p, OpenReadOnly);
                if (fd < 0)
                {
                    return false;
                }

                read = (int)read_fd(fd, b, bytes.Length);
                _ = close(fd);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        if (read <= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> text = bytes[..read].TrimEnd((byte)'\n');
        length = Math.Min(text.Length, name.Length);
        for (int i = 0; i < length; i++)
        {
            name[i] = (char)text[i];
        }

        return true;
    }

    private const int OpenReadOnly = 0; // O_RDONLY

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint read_fd(int fd, byte* buffer, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpriority(int which, int who);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int priority);

    [LibraryImport("libc")]
    private static partial int gettid();
}
