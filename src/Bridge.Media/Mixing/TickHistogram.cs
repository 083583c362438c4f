namespace Bridge.Media.Mixing;

/// <summary>Fixed-bucket histogram of microsecond durations (10 µs buckets up to 100 ms): recording is one
/// increment, so the mixer thread can record every tick; readers get approximate percentiles.</summary>
internal sealed class TickHistogram
{
    private const int BucketMicros = 10;
    private const int Buckets = 10_001;
    private readonly long[] _buckets = new long[Buckets];
    private long _count;
    private long _max;

    internal long Count => Volatile.Read(ref _count);

    internal long MaxMicros => Volatile.Read(ref _max);

    /// <summary>Records one value (single writer).</summary>
    internal void Record(long micros)
    {
        long value = Math.Max(0, micros);
        int bucket = (int)Math.Min(value / BucketMicros, _buckets.Length - 1);
        Volatile.Write(ref _buckets[bucket], _buckets[bucket] + 1);
        if (value > _max)
        {
            Volatile.Write(ref _max, value);
        }

        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>
    /// Upper edge of the bucket holding the given fraction (0–1) of the values of all <paramref name="parts"/> (the mixer
    /// threads' histograms), in µs; 0 when empty. Read bucket by bucket over the parts: a report over all threads allocates
    /// nothing, where a merged copy took 80 KB a histogram each time.
    /// </summary>
    internal static long Percentile(ReadOnlySpan<TickHistogram> parts, double fraction)
    {
        long total = 0;
        foreach (TickHistogram part in parts)
        {
            total += part.Count;
        }

        if (total == 0)
        {
            return 0;
        }

        long max = MaxOf(parts);
        long target = Math.Max(1, (long)Math.Ceiling(total * fraction));
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            foreach (TickHistogram part in parts)
            {
                seen += Volatile.Read(ref part._buckets[i]);
            }

            if (seen >= target)
            {
                return Math.Min((i + 1L) * BucketMicros, Math.Max(max, BucketMicros));
            }
        }

        return max;
    }

    /// <summary>The largest value of any of <paramref name="parts"/>, in µs.</summary>
    internal static long MaxOf(ReadOnlySpan<TickHistogram> parts)
    {
        long max = 0;
        foreach (TickHistogram part in parts)
        {
            max = Math.Max(max, part.MaxMicros);
        }

        return max;
    }

    /// <summary>
    /// Adds to <paramref name="cumulative"/>[k] the values recorded in buckets that end at or below <paramref name="boundsMicros"/>[k]
    /// (bounds ascending; a 10 µs bucket counts under a bound only when it ends at or below it), and returns the approximate sum
    /// (bucket midpoints) of all values, for a Prometheus histogram.
    /// </summary>
    internal long AddCumulative(ReadOnlySpan<long> boundsMicros, Span<long> cumulative)
    {
        long sum = 0;
        long seen = 0;
        int k = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            long end = (i + 1L) * BucketMicros;
            while (k < boundsMicros.Length && boundsMicros[k] < end)
            {
                cumulative[k++] += seen;
            }

            long n = Volatile.Read(ref _buckets[i]);
            seen += n;
            sum += n * ((i * BucketMicros) + (BucketMicros / 2));
        }

        while (k < boundsMicros.Length)
        {
            cumulative[k++] += seen;
        }

        return sum;
    }
}
