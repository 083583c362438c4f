using Bridge.Conferencing.Admin;

namespace Bridge.Calls.Quality;

/// <summary>
/// A call's quality over its whole length, for its record (docs/call-quality.md "Call records"): the live figures are
/// sampled every few seconds while the call lasts, and the record shows the mean jitter, round trip and MOS of those
/// samples and of the figures at the end, with the loss counted over the whole call (RFC 3550 A.3, first to last packet).
/// So a call that was good for ten minutes and bad in its last seconds is not recorded as bad, nor the other way round.
/// Safe from any thread; <see cref="Add"/> runs on a timer, <see cref="Summarise"/> when the call ends.
/// </summary>
internal sealed class CallQualityAverage
{
    private readonly Lock _gate = new();
    private int _samples;
    private double _jitterSum;
    private double _mosSum;
    private int _rttSamples;
    private double _rttSum;

    /// <summary>Samples taken so far.</summary>
    public int Samples
    {
        get
        {
            lock (_gate)
            {
                return _samples;
            }
        }
    }

    /// <summary>Adds one sample of the live figures.</summary>
    public void Add(ParticipantQuality quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        Add(quality.JitterMs, quality.Mos, quality.RttMs);
    }

    /// <summary>Adds one sample of the live figures.</summary>
    public void Add(in QualityEstimate quality) => Add(quality.JitterMs, quality.Mos, quality.RttMs);

    private void Add(double jitterMs, double mos, double? rttMs)
    {
        lock (_gate)
        {
            _samples++;
            _jitterSum += jitterMs;
            _mosSum += mos;
            if (rttMs is { } rtt)
            {
                _rttSamples++;
                _rttSum += rtt;
            }
        }
    }

    /// <summary>
    /// The whole call's quality: <paramref name="atEnd"/> (its loss counted since the start) with jitter, round trip and MOS
    /// averaged over the samples and <paramref name="atEnd"/> itself; null when no audio was ever received.
    /// </summary>
    public ParticipantQuality? Summarise(ParticipantQuality? atEnd)
    {
        if (atEnd is null)
        {
            return null;
        }

        lock (_gate)
        {
            var samples = _samples + 1;
            var rttSamples = _rttSamples + (atEnd.RttMs is null ? 0 : 1);
            var rtt = rttSamples == 0 ? (double?)null : (_rttSum + (atEnd.RttMs ?? 0)) / rttSamples;
            return atEnd with
            {
                JitterMs = Round((_jitterSum + atEnd.JitterMs) / samples, 1),
                Mos = Round((_mosSum + atEnd.Mos) / samples, 2),
                RttMs = rtt is { } r ? Round(r, 1) : null,
            };
        }
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
