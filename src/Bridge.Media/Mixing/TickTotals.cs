namespace Bridge.Media.Mixing;

/// <summary>Counts and approximate sums (µs) of tick durations and lateness since start, beside the buckets of <see cref="MixerEngine.ReadTickHistograms"/>.</summary>
public readonly record struct TickTotals(long DurationCount, long DurationSumMicros, long LatenessCount, long LatenessSumMicros);
