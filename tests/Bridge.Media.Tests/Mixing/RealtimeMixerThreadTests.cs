using System.Globalization;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// Mixer threads ask Linux for SCHED_RR; the kernel's own view of each thread (/proc/self/task/*/stat, field 41 =
/// policy) must agree with what the engine reports: SCHED_RR exactly when this process may use it (CAP_SYS_NICE, as
/// root has outside containers, or an RLIMIT_RTPRIO of at least the priority).
/// </summary>
public sealed class RealtimeMixerThreadTests
{
    private const int SchedOther = 0;
    private const int SchedRoundRobin = 2;

    /// <summary>Scheduling policy of every live thread named mixer-N, from the kernel.</summary>
    private static List<int> MixerThreadPolicies()
    {
        var policies = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("mixer-", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                policies.Add(int.Parse(fields[41 - 3], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return policies;
    }

    /// <summary>
    /// Whether this process may enter SCHED_RR 10: it holds CAP_SYS_NICE (capability 23; root in a container may not)
    /// or its RLIMIT_RTPRIO is at least 10.
    /// </summary>
    private static bool MayUseRealtime()
    {
        var capabilities = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("CapEff:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        var sysNice = (ulong.Parse(capabilities, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << 23)) != 0;
        var limit = File.ReadAllLines("/proc/self/limits").First(l => l.StartsWith("Max realtime priority", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        return sysNice || limit == "unlimited" || int.Parse(limit, CultureInfo.InvariantCulture) >= 10;
    }

    [Fact]
    public void Mixer_threads_run_in_the_real_time_class_exactly_when_the_kernel_allows_it()
    {
        Assert.True(OperatingSystem.IsLinux());
        var allowed = MayUseRealtime();
        using var engine = new MixerEngine(2, realtimePriority: 10);
        engine.Start();

        Assert.Equal(allowed ? 2 : 0, engine.RealtimeThreads);
        Assert.Contains(allowed ? SchedRoundRobin : SchedOther, MixerThreadPolicies());
    }

    [Fact]
    public void Priority_0_keeps_the_mixer_in_the_normal_class()
    {
        using var engine = new MixerEngine(1, realtimePriority: 0);
        engine.Start();

        Assert.Equal(0, engine.RealtimeThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixerEngine(1, realtimePriority: 100));
    }
}
