using System.Globalization;
using System.Runtime.InteropServices;

namespace Bridge.Service.Hosting;

/// <summary>
/// Caps glibc's malloc arenas at <see cref="DefaultArenas"/>, first thing when the service starts, unless the environment sets
/// <c>MALLOC_ARENA_MAX</c>. glibc gives each thread that mallocs an arena of its own, up to eight per core, and what a
/// thread frees stays in its arena: the JIT's working memory for a method is freed after the compile, but the next compile
/// on another thread (tiered compilation recompiles on background threads that come and go) takes fresh pages in another
/// arena. In an hour's soak with a steady room of 200 that grew malloc's share of RSS by 11 MiB (22 to 34 MiB) in steps with
/// the recompiles; with two arenas the freed memory is reused and malloc stayed flat (docs/architecture.md, memory over an
/// hour). The bridge's own hot paths do not malloc, so two arenas cost no contention there. Elsewhere than on glibc this
/// does nothing.
/// </summary>
internal static partial class NativeHeap
{
    internal const int DefaultArenas = 2;
    private const int MallocArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>What the start-up log says about the native heap, set by <see cref="LimitArenas"/>.</summary>
    internal static string Setup { get; private set; } = "the system's malloc";

    /// <summary>Caps the arenas (call before the host starts its threads; threads started before keep theirs).</summary>
    internal static void LimitArenas()
    {
        Setup = Choose(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"), DefaultArenas, TrySetArenaMax);
    }

    /// <summary>The decision, apart from the process it runs in (tests).</summary>
    internal static string Choose(bool linux, string? environment, int arenas, Func<int, bool?> setArenaMax)
    {
        if (!linux)
        {
            return "the system's malloc";
        }

        if (!string.IsNullOrWhiteSpace(environment))
        {
            return $"malloc arenas as MALLOC_ARENA_MAX={environment.Trim()} sets them";
        }

        return setArenaMax(arenas) switch
        {
            true => string.Create(CultureInfo.InvariantCulture, $"at most {arenas} malloc arenas (MALLOC_ARENA_MAX overrides)"),
            false => "malloc arenas as the C library chooses (it refused a limit)",
            null => "malloc arenas as the C library chooses (not glibc)",
        };
    }

    /// <summary>mallopt(M_ARENA_MAX, n): true when glibc took it, false when refused, null without glibc's mallopt.</summary>
    private static bool? TrySetArenaMax(int arenas)
    {
        try
        {
            return Mallopt(MallocArenaMax, arenas) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
