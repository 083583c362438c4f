namespace Bridge.LoadTests;

/// <summary>
/// One line of the table: a load on one server, measured over one window. <see cref="Mixer"/> (overruns, p99 tick and
/// lateness from /metrics) and <see cref="Admitted"/> (callers admitted, INVITE → admitted) are filled by the rooms scenario;
/// <see cref="Jitter"/> (the interarrival jitter of what the server sent, <see cref="ArrivalJitter.Summary"/>) by the RTP loads.
/// </summary>
internal sealed record ResultRow(string Load, string Server, double CpuPercent, long RssKiB, int Threads, string Audio, string Tones, double GeneratorPercent, string Mixer = "-", string Admitted = "-", string Jitter = "-")
{
    public static void Print(IReadOnlyList<ResultRow> rows, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| load | server | CPU % of one core | RSS MiB | threads | audio received | tones heard | jitter ms (mean / max) | generator CPU % | mixer (window) | admitted |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            output.WriteLine(FormattableString.Invariant(
                $"| {row.Load} | {row.Server} | {row.CpuPercent:F1} | {row.RssKiB / 1024.0:F0} | {row.Threads} | {row.Audio} | {row.Tones} | {row.Jitter} | {(row.GeneratorPercent < 0 ? "-" : row.GeneratorPercent.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))} | {row.Mixer} | {row.Admitted} |"));
        }
    }
}
