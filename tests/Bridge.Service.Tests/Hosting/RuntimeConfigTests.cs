using System.Text.Json.Nodes;

namespace Bridge.Service.Tests.Hosting;

/// <summary>
/// The runtime settings the bridge ships in <c>bridge.runtimeconfig.json</c> (copied beside these tests from the
/// service's build): issue 14's profile found idle thread-pool workers spinning (sched_yield) between RTP receive
/// completions for a third of the bridge's CPU; the spin limit 0 makes them block at once.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Thread_pool_workers_do_not_spin_while_waiting_for_work()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "bridge.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }
}
