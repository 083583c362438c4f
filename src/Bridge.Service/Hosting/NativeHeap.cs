using System.Globalization;

namespace Bridge.Service.Hosting;

/// <summary>
/// What the start-up log says about glibc's malloc arenas. glibc gives each thread that mallocs an arena of its own, up
/// to eight per core, and what a thread frees stays in its arena: the JIT's working memory for a method is freed after
/// the compile, but the next compile on another thread (tiered compilation recompiles on background threads that come
/// and go) takes fresh pages in another arena. In an hour's soak with a steady room of 200 that grew malloc's share of RSS
/// from 22 to 34 MiB in steps with the recompiles; with <c>MALLOC_ARENA_MAX=2</c> the freed memory is reused and it stayed
/// flat. glibc reads the variable when the process starts, before the runtime's first threads, so the service unit sets it
/// (<c>service/bridge.service</c>); a cap asked for later with mallopt(3) came after the runtime had made ten arenas and
/// changed nothing measurable (docs/architecture.md, memory over an hour).
/// </summary>
internal static class NativeHeap
{
    /// <summary>The line for this process.</summary>
    internal static string Describe() => Describe(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));

    /// <summary>The line, apart from the process it runs in (tests).</summary>
    internal static string Describe(bool linux, string? arenaMax)
    {
        if (!linux)
        {
            return "the system's malloc";
        }

        return int.TryParse(arenaMax, NumberStyles.None, CultureInfo.InvariantCulture, out int arenas) && arenas > 0
            ? string.Create(CultureInfo.InvariantCulture, $"at most {arenas} malloc arenas (MALLOC_ARENA_MAX={arenas})")
            : "glibc's malloc arenas, up to 8 a core (without MALLOC_ARENA_MAX=2, as service/bridge.service sets it, memory outside the heap grows with the JIT's recompiles)";
    }
}
