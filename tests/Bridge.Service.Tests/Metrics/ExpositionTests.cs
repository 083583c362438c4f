using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bridge.Calls;
using Bridge.Conferencing;
using Bridge.Conferencing.Metrics;
using Bridge.Conferencing.Pins;
using Bridge.DialPlans;
using Bridge.Service.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Service.Tests.Metrics;

/// <summary>
/// The real sources (conference, calls with a running mixer, service) together: promtool accepts their exposition, and every
/// bridge_* metric the shipped Grafana dashboard queries is in it.
/// </summary>
public sealed partial class ExpositionTests
{
    private static string CollectAll()
    {
        var loaded = DialPlanLoader.LoadText("""
            routes:
              - dialled: '/^7(\d{4})$/'
                room: "$1"
            rooms:
              - number: "4711"
                pin: "246810"
            """);
        Assert.Empty(loaded.Errors);
        var plan = loaded.Plan!;
        var time = TimeProvider.System;
        using var pins = new PinPolicy(new PinPolicyOptions(), time, NullLogger<PinPolicy>.Instance);
        using var calls = new CallManager(
            new CallsOptions { MediaAddress = IPAddress.Loopback, RtpPortLow = 47000, RtpPortHigh = 47099, MixerThreads = 1 },
            audio => new ConferenceService(new StaticDialPlanProvider(plan), pins, time, NullLoggerFactory.Instance, audio),
            time,
            NullLoggerFactory.Instance);
        using var service = new ServiceMetricsSource(() => null, null, time);
        var writer = new MetricsWriter();
        var registrations = new RegistrationMetricsSource(() => new Dictionary<string, string> { ["pbx"] = RegistrationMetricsSource.Registered });
        foreach (IMetricsSource source in new IMetricsSource[] { calls.Conference, calls, service, registrations, new RuntimeMetricsSource() })
        {
            source.Collect(writer);
        }

        return writer.ToString();
    }

    [Fact]
    public async Task PromtoolAcceptsTheRealSources()
    {
        var text = CollectAll();
        var start = new ProcessStartInfo("promtool", "check metrics") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, output + "\n" + text);
        Assert.Contains("bridge_mixer_tick_duration_seconds_bucket{le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Contains("bridge_calls_active 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMetricOfTheDashboardExists()
    {
        var text = CollectAll();
        var families = new HashSet<string>(TypeLine().Matches(text).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        var dashboard = File.ReadAllText(Path.Combine(RepositoryRoot(), "service", "grafana-bridge.json"));
        using var json = JsonDocument.Parse(dashboard);
        var used = MetricName().Matches(dashboard).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(used);
        foreach (var name in used)
        {
            var family = Regex.Replace(name, "_(bucket|sum|count)$", "");
            Assert.True(families.Contains(name) || families.Contains(family), $"the dashboard uses {name}, which no source exposes");
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Bridge.sln not found above the test's directory");
    }

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"\b(bridge|process|dotnet)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
