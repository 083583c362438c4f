using System.Net;
using System.Text.Json;
using Bridge.Calls;
using Bridge.Conferencing;
using Bridge.Conferencing.Pins;
using Bridge.DialPlans;
using Bridge.Service.Hosting;
using Bridge.Service.Metrics;
using Bridge.Conferencing.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Service.Tests.Metrics;

/// <summary>The service status and the reload counters follow the dial plan watcher; a failed reload shows places, never its messages.</summary>
public sealed class ServiceStatusTests : IDisposable
{
    private const string Good = """
        routes:
          - dialled: '/^7(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            pin: "246810"
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("bridge-status-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReloadsAreReportedWithoutTheirMessages()
    {
        var file = Path.Combine(_directory, "plan.yaml");
        File.WriteAllText(file, Good);
        var initial = DialPlanLoader.Load(file).Plan!;
        using var watcher = new DialPlanWatcher(file, initial, NullLogger.Instance, TimeProvider.System, TimeSpan.FromHours(1));
        using var pins = new PinPolicy(new PinPolicyOptions(), TimeProvider.System, NullLogger<PinPolicy>.Instance);
        using var calls = new CallManager(
            new CallsOptions { MediaAddress = IPAddress.Loopback, RtpPortLow = 47100, RtpPortHigh = 47199, MixerThreads = 1 },
            audio => new ConferenceService(watcher, pins, TimeProvider.System, NullLoggerFactory.Instance, audio),
            TimeProvider.System,
            NullLoggerFactory.Instance);
        using var status = new ServiceStatus(calls, watcher, TimeProvider.System, TimeProvider.System.GetUtcNow());
        using var metrics = new ServiceMetricsSource(() => null, watcher, TimeProvider.System);

        var before = status.GetDialPlanStatus();
        Assert.Null(before.LastReloadAt);
        Assert.Equal(1, before.Rooms);
        Assert.Equal(1, status.GetMixerHealth().Threads);

        // A PIN-like value in a broken file: the status names the place only.
        File.WriteAllText(file, Good.Replace("pin: \"246810\"", "pin: \"98x7654\"", StringComparison.Ordinal));
        Assert.False(watcher.Reload());
        var failed = status.GetDialPlanStatus();
        Assert.True(failed.LastReloadFailed);
        Assert.NotNull(failed.LastReloadAt);
        var place = Assert.Single(failed.LastErrorPlaces);
        Assert.StartsWith(file + ":", place, StringComparison.Ordinal);
        Assert.DoesNotContain("98x7654", JsonSerializer.Serialize(failed), StringComparison.Ordinal);

        File.WriteAllText(file, Good);
        Assert.True(watcher.Reload());
        Assert.False(status.GetDialPlanStatus().LastReloadFailed);

        var writer = new MetricsWriter();
        metrics.Collect(writer);
        var lines = writer.ToString().Split('\n');
        Assert.Contains("bridge_dialplan_reload_failures_total 1", lines);
        Assert.Contains("bridge_dialplan_reloads_total 1", lines);
    }
}
