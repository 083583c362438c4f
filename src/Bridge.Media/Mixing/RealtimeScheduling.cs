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

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, in SchedParam parameters);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
