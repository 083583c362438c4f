namespace Bridge.Media.Mixing;

/// <summary>The mixer threads' tick histograms as cumulative counts (for Prometheus; read from any thread, single-writer buckets).</summary>
public sealed partial class MixerEngine
{
    /// <summary>
    /// Fills <paramref name="durationCumulative"/> and <paramref name="latenessCumulative"/> with the number of ticks, since start, whose
    /// duration (lateness) was at or below each of <paramref name="boundsMicros"/> (ascending, 10 µs resolution), across all threads.
    /// </summary>
    public TickTotals ReadTickHistograms(ReadOnlySpan<long> boundsMicros, Span<long> durationCumulative, Span<long> latenessCumulative)
    {
        durationCumulative.Clear();
        latenessCumulative.Clear();
        long durationSum = 0, latenessSum = 0, durationCount = 0, latenessCount = 0;
        foreach (MixerThread thread in _threads)
        {
            durationCount += thread.Duration.Count;
            latenessCount += thread.Lateness.Count;
            durationSum += thread.Duration.AddCumulative(boundsMicros, durationCumulative);
            latenessSum += thread.Lateness.AddCumulative(boundsMicros, latenessCumulative);
        }

        // A tick recorded while we read may be in a bucket but not yet in the count: never let a bucket exceed the count.
        Cap(durationCumulative, ref durationCount);
        Cap(latenessCumulative, ref latenessCount);
        return new TickTotals(durationCount, durationSum, latenessCount, latenessSum);
    }

    /// <summary>
    /// Fills <paramref name="cumulative"/> with the number of ticks, since start, whose payloads were all sent at or below each of
    /// <paramref name="boundsMicros"/> after the tick's deadline (the send stages), across all threads; returns (count, sum µs).
    /// </summary>
    public (long Count, long SumMicros) ReadSendHistogram(ReadOnlySpan<long> boundsMicros, Span<long> cumulative)
    {
        cumulative.Clear();
        long sum = 0, count = 0;
        foreach (MixerThread thread in _threads)
        {
            count += thread.Send.Completion.Count;
            sum += thread.Send.Completion.AddCumulative(boundsMicros, cumulative);
        }

        Cap(cumulative, ref count);
        return (count, sum);
    }

    private static void Cap(Span<long> cumulative, ref long count)
    {
        if (cumulative.Length > 0)
        {
            count = Math.Max(count, cumulative[^1]);
        }
    }
}
