using System.Diagnostics;
using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>CPU time of a running process from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, proc(5)).</summary>
public static class ProcessCpu
{
    /// <summary>The id of the process whose command line contains <paramref name="marker"/> (e.g. a unique data directory), or -1.</summary>
    public static int FindByCommandLine(string marker)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && commandLine.Contains("bridge.dll", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                // not ours
            }
        }

        return -1;
    }

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public static TimeSpan Used(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>
    /// Raises the scheduling priority of every thread of <paramref name="pid"/> (setpriority(2) is per thread on
    /// Linux, and threads created later inherit their creator's value), so a bridge under test on a machine
    /// shared with compilers is measured as on its own server rather than as one task among thirty.
    /// </summary>
    public static async Task<string> RaisePriorityAsync(int pid, int nice)
    {
        var threads = Directory.EnumerateDirectories($"/proc/{pid}/task").Select(Path.GetFileName).OfType<string>().ToList();
        var arguments = new List<string> { "-n", nice.ToString(CultureInfo.InvariantCulture), "-p" };
        arguments.AddRange(threads);
        var result = await ProcessRunner.RunAsync("renice", arguments, TimeSpan.FromSeconds(10));
        return $"renice {nice} on {threads.Count} threads: exit {result.ExitCode}";
    }

    /// <summary>
    /// The Nice= value the shipped systemd unit (service/bridge.service) runs the bridge with: interop tests that judge
    /// mixer deadlines give the bridge under test the priority it has when deployed.
    /// </summary>
    public static int ServiceNice()
    {
        var unit = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "service", "bridge.service"));
        var line = unit.Single(l => l.StartsWith("Nice=", StringComparison.Ordinal));
        return int.Parse(line["Nice=".Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>The 1-minute load average (runnable tasks) from /proc/loadavg.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>
    /// Waits, at most <paramref name="limit"/>, for the 1-minute load average to fall to <paramref name="below"/>, and returns
    /// it. The average decays with a one-minute time constant: right after the tests before a timing test (a bridge, peers,
    /// the test host all busy) it reads 2-3 on two cores for a while although the machine is idle by then.
    /// </summary>
    public static async Task<double> WaitForLoadBelowAsync(double below, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        double load = LoadAverage();
        while (load > below && clock.Elapsed < limit)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            load = LoadAverage();
        }

        return load;
    }

    /// <summary>USER_HZ: 100 on every Linux the tests run on (sysconf(_SC_CLK_TCK)).</summary>
    private const int ClockTicksPerSecond = 100;
}
