using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.DialPlans.Tests;

/// <summary>
/// Real files in a temp directory; the tests wait for the watcher's events, with a generous timeout.
/// Files are written the way editors do (truncate, then write), so a test waits for the state it expects:
/// an intermediate event (for the truncated file) may come first.
/// </summary>
public sealed class DialPlanWatcherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private const string PlanA = """
        routes:
          - dialled: "conf"
            ask: room
        """;

    private const string PlanB = """
        routes:
          - dialled: "conf"
            reject: 403
          - dialled: "echo"
            echo: true
        """;

    [Fact]
    public async Task ValidChangeSwapsThePlan()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("plan.yaml", PlanA);
        var initial = DialPlanLoader.Load(dir.Path).Plan!;
        using var watcher = new DialPlanWatcher(dir.Path, initial, NullLogger.Instance, debounce: TimeSpan.FromMilliseconds(50));
        var reloaded = new TaskCompletionSource<DialPlan>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Reloaded += (_, e) =>
        {
            if (e.Plan.Match("conf").Status == 403)
            {
                reloaded.TrySetResult(e.Plan);
            }
        };

        await File.WriteAllTextAsync(file, PlanB);
        var plan = await reloaded.Task.WaitAsync(Wait);
        Assert.Equal(RouteDecisionKind.Echo, plan.Match("echo").Kind);

        Assert.Equal(403, watcher.Current.Match("conf").Status);
        Assert.Equal(RouteDecisionKind.Echo, watcher.Current.Match("echo").Kind);
    }

    [Fact]
    public async Task BrokenChangeKeepsTheOldPlan()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("plan.yaml", PlanA);
        var initial = DialPlanLoader.Load(file).Plan!;
        using var watcher = new DialPlanWatcher(file, initial, NullLogger.Instance, debounce: TimeSpan.FromMilliseconds(50));
        var failed = new TaskCompletionSource<IReadOnlyList<DialPlanError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.ReloadFailed += (_, e) =>
        {
            if (e.Errors.Any(x => x.Line == 4))
            {
                failed.TrySetResult(e.Errors);
            }
        };

        await File.WriteAllTextAsync(file, "routes:\n  - dialled: \"conf\"\n    ask: room\n    bogus: 1\n");
        var errors = await failed.Task.WaitAsync(Wait);

        Assert.Equal(4, Assert.Single(errors).Line);
        Assert.Same(initial, watcher.Current);
        Assert.Equal(RouteDecisionKind.AskRoom, watcher.Current.Match("conf").Kind);
    }

    [Fact]
    public async Task NewBrokenFileInDirectoryKeepsOldPlanThenFixWins()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", PlanA);
        var initial = DialPlanLoader.Load(dir.Path).Plan!;
        using var watcher = new DialPlanWatcher(dir.Path, initial, NullLogger.Instance, debounce: TimeSpan.FromMilliseconds(50));
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.ReloadFailed += (_, e) =>
        {
            if (e.Errors.Any(x => x.Message.Contains("has no PIN", StringComparison.Ordinal)))
            {
                failed.TrySetResult();
            }
        };
        watcher.Reloaded += (_, e) =>
        {
            if (e.Plan.Rooms.Any(r => r.Number == "1"))
            {
                reloaded.TrySetResult();
            }
        };

        dir.Write("b.yaml", "rooms:\n  - number: \"1\"\n");
        await failed.Task.WaitAsync(Wait);
        Assert.False(watcher.Current.TryGetRoom("1", out _));

        dir.Write("b.yaml", "rooms:\n  - number: \"1\"\n    pin: \"192837\"\n");
        await reloaded.Task.WaitAsync(Wait);

        Assert.True(watcher.Current.TryGetRoom("1", out _));
    }

    [Fact]
    public void ManualReloadReportsOutcome()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("plan.yaml", PlanA);
        using var watcher = new DialPlanWatcher(file, DialPlanLoader.Load(file).Plan!, NullLogger.Instance);

        File.WriteAllText(file, "routes: [");
        Assert.False(watcher.Reload());
        File.WriteAllText(file, PlanB);
        Assert.True(watcher.Reload());
        Assert.Equal(403, watcher.Current.Match("conf").Status);
    }
}
