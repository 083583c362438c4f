using Bridge.Calls.Quality;

namespace Bridge.Calls.Legs;

/// <summary>The leg's quality over the whole call, sampled by the call manager's timer (<see cref="CallQualityAverage"/>).</summary>
internal sealed partial class CallLeg
{
    private readonly CallQualityAverage _callQuality = new();

    /// <summary>Adds the live quality figures to the call's average (nothing before audio was received). Allocates nothing:
    /// it runs every few seconds for every call.</summary>
    public void SampleCallQuality()
    {
        var audio = Audio;
        if (LegQualityEstimator.TryEstimate(_rtp.GetQualitySample(), _rtp.JitterBuffer?.GetStatistics(), audio.Codec.Name, audio.PacketTimeMs, out var quality))
        {
            _callQuality.Add(quality);
        }
    }
}
