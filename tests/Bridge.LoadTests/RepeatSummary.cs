using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// The room load's CPU figures by room size, server and round, summed up when there was more than one round: each
/// server's median and range, Bridge's median as a share of Janus's (issue 14, goal 1: at most 40 %), and that share
/// round by round (Bridge's figure against Janus's of the same round).
/// </summary>
internal sealed class RepeatSummary
{
    private readonly List<(int Count, string Server, int Round, double Cpu)> _figures = [];

    public void Add(int count, string server, int round, double cpu) => _figures.Add((count, server, round, cpu));

    public void Print(TextWriter output)
    {
        if (_figures.Count == 0 || _figures.Max(f => f.Round) < 2)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("| load | server | rounds | CPU % of one core, median | range | Bridge's median / Janus's | Bridge / Janus by round |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var bySize in _figures.GroupBy(f => f.Count))
        {
            var medians = bySize.GroupBy(f => f.Server).ToDictionary(g => g.Key, g => Median(g.Select(f => f.Cpu)));
            string ratio = "-";
            string byRound = "-";
            if (medians.TryGetValue("Bridge", out double bridge) && medians.TryGetValue("Janus AudioBridge", out double janus) && janus > 0)
            {
                ratio = Invariant($"{100 * bridge / janus:F1} %");
                byRound = string.Join(", ", bySize.GroupBy(f => f.Round).OrderBy(g => g.Key)
                    .Where(g => g.Any(f => f.Server == "Bridge") && g.Any(f => f.Server == "Janus AudioBridge"))
                    .Select(g => Invariant($"{100 * g.First(f => f.Server == "Bridge").Cpu / g.First(f => f.Server == "Janus AudioBridge").Cpu:F1} %")));
            }

            foreach (var byServer in bySize.GroupBy(f => f.Server))
            {
                var cpu = byServer.Select(f => f.Cpu).ToList();
                output.WriteLine(Invariant(
                    $"| {bySize.Key} participants | {byServer.Key} | {cpu.Count} | {medians[byServer.Key]:F1} | {cpu.Min():F1}–{cpu.Max():F1} | {ratio} | {byRound} |"));
            }
        }
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
