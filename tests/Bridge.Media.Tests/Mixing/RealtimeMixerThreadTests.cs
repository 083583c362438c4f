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
    private static List<int> MixerThreadPolicies() => ThreadStat(send: false, field: 41);

    /// <summary>A field of /proc/self/task/*/stat (1-based, as proc(5) numbers them) of every live mixer-N thread, or of every
    /// mixer-send-N thread.</summary>
    private static List<int> ThreadStat(bool send, int field)
    {
        var values = new List<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                string name = File.ReadAllText(Path.Combine(task, "comm"));
                if (!name.StartsWith("mixer-", StringComparison.Ordinal) || name.StartsWith("mixer-send-", StringComparison.Ordinal) != send)
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                values.Add(int.Parse(fields[field - 3], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return values;
    }

    /// <summary>The calling thread's nice value (proc(5) field 19).</summary>
    private static int OwnNice()
    {
        var stat = File.ReadAllText($"/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether this process may enter SCHED_RR 10: it holds CAP_SYS_NICE (capability 23; root in a container may not)
    /// or its RLIMIT_RTPRIO is at least 10.
    /// </summary>
    private static bool MayUseRealtime()
    {
        var sysNice = SchedulingLimits.HasSysNice();
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
    public void Send_threads_stay_in_the_normal_class_with_a_larger_share_when_the_mixer_is_real_time()
    {
        int inherited = OwnNice();
        int expected = Math.Max(-20, inherited - 10);
        using var engine = new MixerEngine(2, realtimePriority: 10);
        engine.Start();

        Assert.True(SpinWait.SpinUntil(() => ThreadStat(send: true, field: 41).Count == 2, TimeSpan.FromSeconds(5)));
        Assert.Equal([SchedOther, SchedOther], ThreadStat(send: true, field: 41));
        int want = SchedulingLimits.MayUseNice(expected) ? expected : inherited;
        Assert.True(SpinWait.SpinUntil(() => ThreadStat(send: true, field: 19).All(n => n == want), TimeSpan.FromSeconds(5)),
            $"send threads' nice {string.Join(", ", ThreadStat(send: true, field: 19))}, expected {want} (inherited {inherited})");
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
