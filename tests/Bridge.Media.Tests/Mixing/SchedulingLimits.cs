using System.Globalization;

namespace Bridge.Media.Tests.Mixing;

/// <summary>What the kernel lets this process do with scheduling (CAP_SYS_NICE, RLIMIT_NICE), so tests expect exactly that.</summary>
internal static class SchedulingLimits
{
    /// <summary>Whether this process may set a nice value of <paramref name="nice"/>: CAP_SYS_NICE (capability 23), or an
    /// RLIMIT_NICE of at least 20 - nice.</summary>
    internal static bool MayUseNice(int nice)
    {
        var limit = File.ReadAllLines("/proc/self/limits").First(l => l.StartsWith("Max nice priority", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        return HasSysNice() || limit == "unlimited" || int.Parse(limit, CultureInfo.InvariantCulture) >= 20 - nice;
    }

    /// <summary>Whether the process holds CAP_SYS_NICE (root in a container may not).</summary>
    internal static bool HasSysNice()
    {
        var capabilities = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("CapEff:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        return (ulong.Parse(capabilities, NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << 23)) != 0;
    }
}
