using System.Globalization;
using System.Text.RegularExpressions;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>One <c>Mixer: …</c> line of the bridge's periodic tick report (cumulative since start).</summary>
public sealed partial record MixerReport(int Calls, int Rooms, long Ticks, long Overruns, long Skipped, long DurationP50, long DurationP99, long DurationMax, long LatenessP99, long GcPausedMs = 0)
{
    /// <summary>Every mixer report in the log, oldest first.</summary>
    public static IReadOnlyList<MixerReport> All(string log)
    {
        var reports = new List<MixerReport>();
        foreach (Match m in Line().Matches(log))
        {
            reports.Add(new MixerReport(
                Int(m, "calls"), Int(m, "rooms"), Long(m, "ticks"), Long(m, "overruns"), Long(m, "skipped"),
                Long(m, "p50"), Long(m, "p99"), Long(m, "max"), Long(m, "lp99"), m.Groups["gc"].Success ? Long(m, "gc") : 0));
        }

        return reports;
    }

    /// <summary>
    /// The overruns between <paramref name="reports"/>[<paramref name="first"/>] and [<paramref name="last"/>] when every one
    /// of them came in a report interval in which the runtime's garbage collector paused the whole process for at least a
    /// tick (20 ms): the mixer threads were stopped by the collector, not late from their own work or the scheduler (a known
    /// defect, issue 14). Null when there were none, or when any came in an interval without such a pause.
    /// </summary>
    public static long? OverrunsExplainedByCollector(IReadOnlyList<MixerReport> reports, int first, int last)
    {
        var explained = 0L;
        for (var i = Math.Max(1, first + 1); i <= last; i++)
        {
            var overruns = reports[i].Overruns - reports[i - 1].Overruns;
            if (overruns == 0)
            {
                continue;
            }

            if (reports[i].GcPausedMs - reports[i - 1].GcPausedMs < 20)
            {
                return null;
            }

            explained += overruns;
        }

        return explained == 0 ? null : explained;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Calls} calls, {Rooms} rooms, {Ticks} ticks, {Overruns} overruns, {Skipped} skipped, tick p50 {DurationP50}µs p99 {DurationP99}µs max {DurationMax}µs, lateness p99 {LatenessP99}µs");

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static long Long(Match m, string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Mixer: (?<calls>\d+) calls, (?<rooms>\d+) rooms on \d+ threads; (?<ticks>\d+) ticks, (?<overruns>\d+) overruns, (?<skipped>\d+) skipped; tick duration p50 (?<p50>\d+)µs p99 (?<p99>\d+)µs max (?<max>\d+)µs; lateness p50 \d+µs p99 (?<lp99>\d+)µs(?:[^\n]*?paused (?<gc>\d+) ms in all)?")]
    private static partial Regex Line();
}
