using System.Diagnostics;
using System.Runtime;
using Bridge.Conferencing.Metrics;

namespace Bridge.Service.Metrics;

/// <summary>
/// The process's own figures for /metrics, under the names Prometheus' client libraries use (<c>process_*</c>,
/// <c>dotnet_*</c>), so standard dashboards find them: resident memory and CPU time, threads, and the garbage
/// collector's heap after its last collection, its collections per generation, pause time and bytes allocated. An admin
/// tells a leak (the heap after collections climbs) from a heap that only fills between collections (resident memory
/// climbs, the heap after collections does not), and the JIT's compilations, which explain growth outside the heap.
/// </summary>
internal sealed class RuntimeMetricsSource : IMetricsSource
{
    /// <inheritdoc />
    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        (long resident, int threads) = ReadProcess();
        writer.Family("process_resident_memory_bytes", MetricType.Gauge, "Resident memory of the process.").Sample(resident);
        writer.Family("process_cpu_seconds_total", MetricType.Counter, "CPU time of the process, user and system.").Sample(Math.Round(Environment.CpuUsage.TotalTime.TotalSeconds, 3));
        writer.Family("process_threads", MetricType.Gauge, "Threads of the process.").Sample(threads);

        var info = GC.GetGCMemoryInfo(GCKind.Any);
        writer.Family("dotnet_gc_heap_size_bytes", MetricType.Gauge, "Managed heap size after the last garbage collection (0 before the first).").Sample(info.Index == 0 ? 0 : info.HeapSizeBytes);
        writer.Family("dotnet_gc_fragmented_bytes", MetricType.Gauge, "Free space inside the managed heap after the last garbage collection.").Sample(info.FragmentedBytes);
        writer.Family("dotnet_gc_committed_bytes", MetricType.Gauge, "Memory the garbage collector has committed.").Sample(info.TotalCommittedBytes);
        var collections = writer.Family("dotnet_gc_collections_total", MetricType.Counter, "Garbage collections by generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            collections.Sample(GC.CollectionCount(generation), ("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        writer.Family("dotnet_gc_pause_seconds_total", MetricType.Counter, "Time the garbage collector paused the process.").Sample(GC.GetTotalPauseDuration().TotalSeconds);
        writer.Family("dotnet_gc_allocated_bytes_total", MetricType.Counter, "Bytes allocated on the managed heap since the start.").Sample(GC.GetTotalAllocatedBytes(precise: false));
        writer.Family("dotnet_threadpool_threads", MetricType.Gauge, "Threads of the .NET thread pool.").Sample(ThreadPool.ThreadCount);

        // The JIT compiles a method again, optimized, once it has been called 30 times (tiered compilation), so code that runs
        // once a minute is recompiled about half an hour into the service's life; memory outside the heap (code, and the
        // compiler's own through malloc) grows a little with each such step, with no call or leak behind it.
        writer.Family("dotnet_jit_compiled_methods_total", MetricType.Counter, "Methods the JIT compiled, recompilations included.").Sample(JitInfo.GetCompiledMethodCount());
        writer.Family("dotnet_jit_compiled_il_bytes_total", MetricType.Counter, "IL bytes the JIT compiled.").Sample(JitInfo.GetCompiledILBytes());
        writer.Family("dotnet_jit_compilation_seconds_total", MetricType.Counter, "Time spent in the JIT.").Sample(Math.Round(JitInfo.GetCompilationTime().TotalSeconds, 3));
    }

    /// <summary>
    /// Resident bytes and threads. On Linux from one read of /proc/self/stat into the stack (proc(5): field 20 the threads,
    /// field 24 the resident pages); System.Diagnostics.Process read two files into strings and made an object per thread,
    /// most of what a scrape allocated. Elsewhere from Process.
    /// </summary>
    private static (long Resident, int Threads) ReadProcess()
    {
        if (OperatingSystem.IsLinux() && TryReadStat(out long residentPages, out int threads))
        {
            return (residentPages * Environment.SystemPageSize, threads);
        }

        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, process.Threads.Count);
    }

    private static bool TryReadStat(out long residentPages, out int threads)
    {
        residentPages = 0;
        threads = 0;
        Span<byte> stat = stackalloc byte[1024];
        int length;
        try
        {
            using var handle = File.OpenHandle("/proc/self/stat");
            length = RandomAccess.Read(handle, stat, 0);
        }
        catch (IOException)
        {
            return false;
        }

        // "pid (comm) state ppid …": the command may hold spaces and parentheses, so fields are counted from the last ')'.
        ReadOnlySpan<byte> rest = stat[..length];
        int close = rest.LastIndexOf((byte)')');
        if (close < 0)
        {
            return false;
        }

        rest = rest[(close + 2)..]; // field 3 (state) onwards
        for (int field = 3; field <= 24 && !rest.IsEmpty; field++)
        {
            int space = rest.IndexOf((byte)' ');
            ReadOnlySpan<byte> value = space < 0 ? rest : rest[..space];
            if (field == 20 && !System.Buffers.Text.Utf8Parser.TryParse(value, out threads, out _))
            {
                return false;
            }

            if (field == 24)
            {
                return System.Buffers.Text.Utf8Parser.TryParse(value, out residentPages, out _);
            }

            rest = space < 0 ? default : rest[(space + 1)..];
        }

        return false;
    }
}
