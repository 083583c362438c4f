using System.Runtime.InteropServices;

namespace Bridge.Media.Mixing;

/// <summary>
/// Puts the calling thread into Linux' SCHED_RR real-time class (sched(7)), as media servers do for their mixing
/// threads: a real-time thread runs as soon as its timer fires instead of queueing behind the process's own RTP
/// receivers and everything else on the machine, so a 20 ms tick is not missed on a busy server. Needs CAP_SYS_NICE or
/// an RLIMIT_RTPRIO at least the priority (systemd: <c>LimitRTPRIO=</c>); without it the thread stays in the normal
/// class. The kernel's real-time throttling (sched_rt_runtime_us) still leaves 5 % of each CPU to other tasks.
/// </summary>
internal static partial class RealtimeScheduling
{
    private const int SchedRoundRobin = 2;

    /// <summary>Puts the calling thread at SCHED_RR <paramref name="priority"/> (1–99); false when not Linux, 0, or not permitted.</summary>
    public static bool TryEnter(int priority)
    {
        if (priority <= 0 || !OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // pid 0 is the calling thread (a Linux thread is a task of its own).
            var parameters = new SchedParam { Priority = Math.Min(priority, 99) };
            return sched_setscheduler(0, SchedRoundRobin, in parameters) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives the calling thread the nice value <paramref name="nice"/> (-20–19; below 0 is a larger share of a busy CPU than
    /// the other threads get, without the real-time class's power to starve them). Needs CAP_SYS_NICE or an RLIMIT_NICE
    /// allowing it (systemd: <c>LimitNICE=</c>). False when not Linux or not permitted.
    /// </summary>
    public static bool TrySetNice(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // PRIO_PROCESS with a thread id sets that thread's nice value only (a Linux thread is a task of its own).
            return setpriority(PrioProcess, gettid(), Math.Clamp(nice, -20, 19)) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setpriority(int which, int who, int priority);

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, in SchedParam parameters);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
