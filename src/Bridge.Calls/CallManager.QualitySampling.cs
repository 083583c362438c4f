namespace Bridge.Calls;

/// <summary>
/// Samples every live phone leg's quality every <see cref="QualitySampleInterval"/> for its call record's averages
/// (<see cref="Quality.CallQualityAverage"/>). One timer for all calls, started with the first call; reading the figures
/// takes the RTP sessions' statistics locks only, never a lock of the call.
/// </summary>
public sealed partial class CallManager
{
    /// <summary>How often a call's quality is sampled for its record (about one RTCP interval, RFC 3550 §6.2).</summary>
    internal static readonly TimeSpan QualitySampleInterval = TimeSpan.FromSeconds(5);

    private ITimer? _qualitySampler;
    private int _qualitySamplerStarted;

    private void EnsureQualitySampler()
    {
        if (Interlocked.Exchange(ref _qualitySamplerStarted, 1) == 0)
        {
            _qualitySampler = _time.CreateTimer(static state => ((CallManager)state!).SampleCallQuality(), this, QualitySampleInterval, QualitySampleInterval);
        }
    }

    private void SampleCallQuality()
    {
        foreach (var (_, leg) in _legs) // not .Values, which copies them into a list every time
        {
            if (leg.IsReleased)
            {
                continue;
            }

            try
            {
                leg.SampleCallQuality();
            }
#pragma warning disable CA1031 // a leg released while it is read loses one sample; the timer (and the process) must go on
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private void StopQualitySampler() => _qualitySampler?.Dispose();
}
