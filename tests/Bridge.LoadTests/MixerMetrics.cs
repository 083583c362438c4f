using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// The bridge's mixer health from its Prometheus <c>/metrics</c> (on <c>Bridge:Metrics:Address</c>, no token there):
/// the tick duration and lateness histograms (cumulative buckets) and the overrun and skipped-tick counters. Two scrapes
/// give a window: the buckets' differences are that window's distribution, so its p99 is known to the bucket bound
/// (100 µs, 250 µs, 500 µs, 1, 2, 5, 10, 20, 50, 100 ms).
/// </summary>
internal sealed record MixerMetrics(double[] Bounds, long[] Duration, long[] Lateness, long Overruns, long Skipped, long[] Sent, long SendsBehind, long SendsDropped)
{
    private const string DurationName = "bridge_mixer_tick_duration_seconds_bucket{le=\"";
    private const string LatenessName = "bridge_mixer_tick_lateness_seconds_bucket{le=\"";
    private const string SentName = "bridge_mixer_send_completion_seconds_bucket{le=\"";

    public static async Task<MixerMetrics> ScrapeAsync(HttpClient http, int port)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var bounds = new List<double>();
        var duration = new List<long>();
        var lateness = new List<long>();
        var sent = new List<long>();
        long overruns = 0;
        long skipped = 0;
        long behind = 0;
        long dropped = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(DurationName, StringComparison.Ordinal))
            {
                bounds.Add(Bound(line, DurationName.Length));
                duration.Add(Value(line));
            }
            else if (line.StartsWith(LatenessName, StringComparison.Ordinal))
            {
                lateness.Add(Value(line));
            }
            else if (line.StartsWith(SentName, StringComparison.Ordinal))
            {
                sent.Add(Value(line));
            }
            else if (line.StartsWith("bridge_mixer_send_dropped_total ", StringComparison.Ordinal))
            {
                dropped = Value(line);
            }
            else if (line.StartsWith("bridge_mixer_sends_behind_total ", StringComparison.Ordinal))
            {
                behind = Value(line);
            }
            else if (line.StartsWith("bridge_mixer_overruns_total ", StringComparison.Ordinal))
            {
                overruns = Value(line);
            }
            else if (line.StartsWith("bridge_mixer_skipped_ticks_total ", StringComparison.Ordinal))
            {
                skipped = Value(line);
            }
        }

        return bounds.Count > 0 && bounds.Count == lateness.Count
            ? new MixerMetrics([.. bounds], [.. duration], [.. lateness], overruns, skipped, sent.Count == bounds.Count ? [.. sent] : [], behind, dropped)
            : throw new InvalidOperationException("/metrics has no mixer histograms:\n" + text);
    }

    /// <summary>The value of one unlabelled gauge of <c>/metrics</c> (-1 when the bridge does not report it).</summary>
    public static async Task<long> GaugeAsync(HttpClient http, int port, string name)
    {
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > name.Length && line.StartsWith(name, StringComparison.Ordinal) && line[name.Length] == ' ')
            {
                return Value(line);
            }
        }

        return -1;
    }

    /// <summary>What happened between <paramref name="before"/> and this scrape, as one cell of the table.</summary>
    public string Since(MixerMetrics before)
    {
        long ticks = Duration[^1] - before.Duration[^1];
        return string.Create(CultureInfo.InvariantCulture,
            $"{Overruns - before.Overruns} overruns, {Skipped - before.Skipped} skipped; p99 tick {P99(Duration, before.Duration)}, p99 lateness {P99(Lateness, before.Lateness)}; ticks ≤ 5 ms {Share(Duration, before.Duration, 0.005):F2} % of {ticks}")
            + SendCell(before);
    }

    /// <summary>The send stage (bridges that have one): how long after its deadline a tick's last payload was sent, and the ticks
    /// still being sent at the next deadline.</summary>
    private string SendCell(MixerMetrics before) =>
        Sent.Length == 0 || before.Sent.Length == 0
            ? ""
            : string.Create(CultureInfo.InvariantCulture,
                $"; sent p99 {P99(Sent, before.Sent)} after the deadline, {SendsBehind - before.SendsBehind} ticks still sending at the next, {SendsDropped - before.SendsDropped} dropped as over 100 ms late");

    /// <summary>True when the window had no overrun and 99 % of its ticks took at most 5 ms (issue 14, goal 3).</summary>
    public bool MeetsGoal(MixerMetrics before) => Overruns == before.Overruns && Share(Duration, before.Duration, 0.005) >= 99;

    private string P99(long[] after, long[] before)
    {
        long total = after[^1] - before[^1];
        if (total == 0)
        {
            return "-";
        }

        for (int i = 0; i < Bounds.Length; i++)
        {
            if (after[i] - before[i] >= 0.99 * total)
            {
                return double.IsPositiveInfinity(Bounds[i]) ? "> 100 ms" : string.Create(CultureInfo.InvariantCulture, $"≤ {Bounds[i] * 1000:0.###} ms");
            }
        }

        return "?";
    }

    private double Share(long[] after, long[] before, double bound)
    {
        long total = after[^1] - before[^1];
        int i = Array.FindIndex(Bounds, b => Math.Abs(b - bound) < 1e-9);
        return total == 0 || i < 0 ? 100 : 100.0 * (after[i] - before[i]) / total;
    }

    private static double Bound(string line, int start)
    {
        var text = line[start..line.IndexOf('"', start)];
        return text == "+Inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);
    }

    private static long Value(string line) => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..].Trim(), CultureInfo.InvariantCulture);
}
