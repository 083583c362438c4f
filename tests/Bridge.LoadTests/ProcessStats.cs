using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// CPU, resident memory and threads of a process and its children, read from <c>/proc</c> (proc(5)): CPU is utime +
/// stime of <c>/proc/PID/stat</c>, so the figure is the CPU time the server itself consumed, whatever else runs.
/// </summary>
internal sealed class ProcessStats
{
    private const double ClockTicksPerSecond = 100; // USER_HZ

    private ProcessStats(TimeSpan cpu, long rssKiB, int threads)
    {
        Cpu = cpu;
        RssKiB = rssKiB;
        Threads = threads;
    }

    public TimeSpan Cpu { get; }

    public long RssKiB { get; }

    public int Threads { get; }

    /// <summary>Figures of <paramref name="pid"/> plus those of its direct children (Kamailio forks its workers).</summary>
    public static ProcessStats Read(int pid)
    {
        var cpu = TimeSpan.Zero;
        long rss = 0;
        var threads = 0;
        foreach (var id in WithChildren(pid))
        {
            try
            {
                cpu += CpuOf(id);
                foreach (var line in File.ReadLines($"/proc/{id}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        rss += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    }
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    {
                        threads += int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // ended meanwhile
            }
        }

        return new ProcessStats(cpu, rss, threads);
    }

    private static TimeSpan CpuOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields[0] is field 3 (state)
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    private static List<int> WithChildren(int pid) => [pid, .. ChildrenOf(pid)];

    /// <summary>The processes whose parent is <paramref name="parent"/> (field 4 of /proc/PID/stat, after the command's parentheses).</summary>
    internal static List<int> ChildrenOf(int parent)
    {
        var ids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var id) || id == parent)
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                {
                    ids.Add(id);
                }
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }

        return ids;
    }
}
