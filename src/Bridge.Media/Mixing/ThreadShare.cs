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
    private const int PrioProcess = 0;

    /// <summary>Raises the calling thread's share by <paramref name="steps"/>; false when not Linux or not permitted.</summary>
    public static bool TryRaiseOwn(int steps) => OperatingSystem.IsLinux() && TryRaise(CurrentThreadId(), steps);

    /// <summary>
    /// Raises the share of every thread of this process whose name (as the kernel has it, at most 15 characters) satisfies
    /// <paramref name="match"/> and is not yet raised by <paramref name="steps"/> below <paramref name="processNice"/>.
    /// Returns how many threads match, how many it raised now, and how many it could not raise (not permitted).
    /// </summary>
    public static (int Matching, int Raised, int Refused) RaiseByName(Func<string, bool> match, int processNice, int steps)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (!OperatingSystem.IsLinux())
        {
            return (0, 0, 0);
        }

        int target = Target(processNice, steps);
        int matching = 0, raised = 0, refused = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!match(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'))
                    || !int.TryParse(Path.GetFileName(task), out int tid))
                {
                    continue;
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
            catch (IOException)
            {
                // the thread ended meanwhile
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

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getpriority(int which, int who);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int priority);

    [LibraryImport("libc")]
    private static partial int gettid();
}
