using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.Conferencing.Metrics;
using Bridge.Service.Metrics;

namespace Bridge.Service.Tests.Metrics;

/// <summary>The process and garbage-collector figures an admin reads to tell a leak from a heap filling between collections.</summary>
public sealed partial class RuntimeMetricsSourceTests
{
    private static double Value(string text, string series)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{series} missing:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Collect()
    {
        var writer = new MetricsWriter();
        new RuntimeMetricsSource().Collect(writer);
        return writer.ToString();
    }

    [Fact]
    public void Heap_after_a_collection_is_reported_and_collections_count_up()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var before = Collect();
        var kept = new byte[4][];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = new byte[1 << 20]; // 4 MiB that survive the next collection
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var after = Collect();
        GC.KeepAlive(kept);

        Assert.True(Value(after, "dotnet_gc_collections_total{generation=\"2\"}") > Value(before, "dotnet_gc_collections_total{generation=\"2\"}"));
        Assert.True(Value(after, "dotnet_gc_heap_size_bytes") - Value(before, "dotnet_gc_heap_size_bytes") >= 3.5 * (1 << 20),
            "the heap after the collection should hold the 4 MiB kept alive");
        Assert.True(Value(after, "dotnet_gc_allocated_bytes_total") - Value(before, "dotnet_gc_allocated_bytes_total") >= 4 << 20);
        Assert.True(Value(after, "process_resident_memory_bytes") > 4 << 20);
        Assert.True(Value(after, "process_threads") >= 1);
        Assert.True(Value(after, "process_cpu_seconds_total") > 0);
    }

    [Fact]
    public void The_JITs_compilations_count_up_when_new_code_runs()
    {
        var before = Collect();
        var method = new System.Reflection.Emit.DynamicMethod("jit_metrics_probe", typeof(int), [typeof(int)]);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
        il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4_7);
        il.Emit(System.Reflection.Emit.OpCodes.Add);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        Assert.Equal(8, ((Func<int, int>)method.CreateDelegate(typeof(Func<int, int>)))(1)); // compiled now, on this thread
        var after = Collect();

        Assert.True(Value(after, "dotnet_jit_compiled_methods_total") > Value(before, "dotnet_jit_compiled_methods_total"));
        Assert.True(Value(after, "dotnet_jit_compiled_il_bytes_total") > Value(before, "dotnet_jit_compiled_il_bytes_total"));
        Assert.True(Value(after, "dotnet_jit_compilation_seconds_total") > 0);
    }

    [Fact]
    public void Resident_memory_and_threads_are_the_kernels_figures_read_without_allocating_per_thread()
    {
        static long Status(string key) => long.Parse(
            File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(' ', '\t').Last(p => p.Length > 0 && char.IsAsciiDigit(p[0])),
            CultureInfo.InvariantCulture);

        Collect();
        var writer = new MetricsWriter();
        long before = GC.GetAllocatedBytesForCurrentThread();
        new RuntimeMetricsSource().Collect(writer);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var text = writer.ToString();

        Assert.True(Math.Abs(Value(text, "process_resident_memory_bytes") - (Status("VmRSS") * 1024)) < 16 << 20, "resident memory as /proc/self/status has it (within 16 MiB)");
        Assert.True(Math.Abs(Value(text, "process_threads") - Status("Threads")) <= 4, "threads as /proc/self/status has them");
        // Process read two files into strings and made an object per thread: 17 KB and more a scrape (an allocation trace of
        // 150 scrapes). What is left is the collector's own figures object and the file handle (2,240 bytes here).
        Assert.True(bytes < 4_096, $"collecting the runtime figures allocated {bytes} bytes");
    }
}
