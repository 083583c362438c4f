using System.Globalization;
using System.Runtime;

namespace Bridge.Service.Hosting;

/// <summary>
/// The garbage collector's set-up as the runtime took it from <c>bridge.runtimeconfig.json</c> (Bridge.Service.csproj sets
/// it): for the start-up log, so an admin (and the deployment test) can see that the published service runs with a heap
/// per core and a small gen0 budget, which keep each collection's pause of the mixers short (docs/architecture.md §3).
/// </summary>
internal static class GcDescription
{
    public static string Describe()
    {
        var settings = GC.GetConfigurationVariables();
        string kind = GCSettings.IsServerGC ? "server" : "workstation";
        string heaps = settings.TryGetValue("HeapCount", out object? count) ? Convert.ToString(count, CultureInfo.InvariantCulture) ?? "?" : "?";
        bool adaptive = settings.TryGetValue("GCDynamicAdaptationMode", out object? mode) && Convert.ToInt64(mode, CultureInfo.InvariantCulture) != 0;
        string budget = settings.TryGetValue("GCGen0MaxBudget", out object? max) && Convert.ToInt64(max, CultureInfo.InvariantCulture) is > 0 and var bytes
            ? string.Create(CultureInfo.InvariantCulture, $"gen0 budget at most {bytes / 1048576.0:0.#} MiB per heap")
            : "gen0 budget the runtime's";
        string background = GCSettings.IsServerGC && settings.TryGetValue("ConcurrentGC", out object? concurrent) && concurrent is true ? "background collections" : "no background collections";
        return string.Create(CultureInfo.InvariantCulture,
            $"{kind}, {heaps} heaps, dynamic adaptation {(adaptive ? "on" : "off")}, {budget}, {background}, latency mode {GCSettings.LatencyMode}");
    }
}
