using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// The bridge's garbage-collector figures from its <c>/metrics</c> (RuntimeMetricsSource): the managed heap after the last
/// collection, the memory the collector holds committed (live objects, what fills between collections, and free regions it
/// keeps for later) and the collections so far. Resident memory alone cannot tell a leak from a heap that only fills
/// between collections; the heap after collections can, and the committed figure tells the collector's own reserve apart
/// from the rest of the process (code, native buffers).
/// </summary>
internal sealed record RuntimeScrape(double HeapAfterGcBytes, long Collections, double AllocatedBytes, double CommittedBytes = 0, long JitCompiledMethods = 0)
{
    public static async Task<RuntimeScrape> ReadAsync(HttpClient http, int port)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        double heap = 0;
        double allocated = 0;
        double committed = 0;
        long collections = 0;
        long jitted = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_heap_size_bytes ", StringComparison.Ordinal))
            {
                heap = Value(line);
            }
            else if (line.StartsWith("dotnet_gc_committed_bytes ", StringComparison.Ordinal))
            {
                committed = Value(line);
            }
            else if (line.StartsWith("dotnet_gc_allocated_bytes_total ", StringComparison.Ordinal))
            {
                allocated = Value(line);
            }
            else if (line.StartsWith("dotnet_jit_compiled_methods_total ", StringComparison.Ordinal))
            {
                jitted = (long)Value(line);
            }
            else if (line.StartsWith("dotnet_gc_collections_total{generation=\"0\"}", StringComparison.Ordinal))
            {
                // Every collection counts in generation 0's count (a gen 2 collection collects 0 and 1 too).
                collections = (long)Value(line);
            }
        }

        return new RuntimeScrape(heap, collections, allocated, committed, jitted);
    }

    private static double Value(string line) => double.Parse(line.AsSpan(line.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture);
}
