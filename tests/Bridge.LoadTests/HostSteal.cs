using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// CPU time the hypervisor gave to other guests while this virtual machine wanted to run: the steal column of the first
/// line of <c>/proc/stat</c> (proc(5), in USER_HZ ticks, summed over the CPUs). A stall of every thread at once (both mixer
/// threads taking one long tick, with no collection in it) with steal in the same window was the host's, not the bridge's.
/// </summary>
internal static class HostSteal
{
    private const double MillisecondsPerTick = 10; // USER_HZ 100

    /// <summary>Milliseconds stolen so far, over all CPUs (0 where /proc/stat has no steal column).</summary>
    public static long Milliseconds()
    {
        try
        {
            string first = File.ReadLines("/proc/stat").First();
            string[] fields = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal ...
            return fields.Length > 8 && fields[0] == "cpu"
                ? (long)(long.Parse(fields[8], CultureInfo.InvariantCulture) * MillisecondsPerTick)
                : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
