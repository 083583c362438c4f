using System.Diagnostics;
using System.Net;
using Bridge.Conferencing.Metrics;
using Bridge.TestKit.Skipping;
using Bridge.Web.Api.Tokens;
using Bridge.Web.Tests.Api;

namespace Bridge.Web.Tests.Metrics;

/// <summary>/metrics over real HTTP: protection, content type, and the text format checked by rule and by promtool.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly FakeMetricsSource Calls = new(w =>
    {
        w.Family("bridge_calls_total", MetricType.Counter, "Calls that ended.")
            .Sample(3, ("transport", "UDP"), ("result", "remote_bye"))
            .Sample(1, ("transport", "TLS"), ("result", "rejected"));
        w.Family("bridge_calls_active", MetricType.Gauge, "Calls up now.").Sample(2);
        w.Family("bridge_mixer_tick_duration_seconds", MetricType.Histogram, "Tick duration.")
            .Histogram([0.0001, 0.001, 0.01], [5, 90, 100], 100, 0.05);
    });

    private static readonly FakeMetricsSource Rooms = new(w =>
        w.Family("bridge_rooms", MetricType.Gauge, "Rooms open now; a \\ and a\nnewline in help.").Sample(1, ("name", "Board \"A\" \\ B\nC")));

    private static readonly FakeMetricsSource Broken = new(w =>
    {
        w.Family("bridge_half_written", MetricType.Gauge, "never shown").Sample(1);
        throw new InvalidOperationException("source broke");
    });

    [Fact]
    public async Task NeedsATokenOfAnyScopeAndParses()
    {
        await using var host = await ApiHost.StartAsync(metrics: true, metricsPort: null, Calls, Rooms, Broken);
        using var anonymous = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        using var client = host.Client(host.CreateToken("prometheus", ApiScope.Read));
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var samples = PrometheusTextValidator.Validate(text);
        Assert.Equal(3, samples["bridge_calls_total{transport=\"UDP\",result=\"remote_bye\"}"]);
        Assert.Equal(100, samples["bridge_mixer_tick_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(90, samples["bridge_mixer_tick_duration_seconds_bucket{le=\"0.001\"}"]);
        Assert.Equal(1, samples["bridge_rooms{name=\"Board \\\"A\\\" \\\\ B\\nC\"}"]);
        Assert.Equal(1, samples["bridge_metrics_source_errors{}"]); // the broken source is left out, whole
        Assert.DoesNotContain("bridge_half_written", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DedicatedAddressServesWithoutATokenAndOnlyThere()
    {
        var port = ApiHost.FreePort();
        await using var host = await ApiHost.StartAsync(metrics: true, metricsPort: port, Calls);
        using var dedicated = host.Client(address: new Uri($"http://127.0.0.1:{port}"));
        using var response = await dedicated.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PrometheusTextValidator.Validate(await response.Content.ReadAsStringAsync());

        using var main = host.Client(host.CreateToken("prometheus", ApiScope.Read));
        Assert.Equal(HttpStatusCode.NotFound, (await main.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public void ValidatorRejectsBrokenExpositions()
    {
        Assert.ThrowsAny<Exception>(() => PrometheusTextValidator.Validate("a 1\nb 2\na 3\n")); // family split
        Assert.ThrowsAny<Exception>(() => PrometheusTextValidator.Validate("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\nh_sum 1\nh_count 4\n"));
        Assert.ThrowsAny<Exception>(() => PrometheusTextValidator.Validate("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_sum 1\nh_count 5\n")); // no +Inf
        Assert.ThrowsAny<Exception>(() => PrometheusTextValidator.Validate("x{a=\"b\"c} 1\n"));
        Assert.ThrowsAny<Exception>(() => PrometheusTextValidator.Validate("# TYPE c counter\nc -1\n"));
        Assert.ThrowsAny<Exception>(() => PrometheusTextValidator.Validate("x 1"));
        PrometheusTextValidator.Validate("# HELP x ok\n# TYPE x gauge\nx{a=\"\\\"\"} 1.5e3\n");
    }

    [Fact]
    public async Task PromtoolAcceptsIt()
    {
        // Debian's prometheus package provides promtool; test.sh installs it. Missing, this fails rather than skips.
        var writer = new MetricsWriter();
        Calls.Collect(writer);
        Rooms.Collect(writer);
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(writer.ToString());
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, output);
    }
}
