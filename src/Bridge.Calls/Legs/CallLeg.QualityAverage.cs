using Bridge.Calls.Quality;

namespace Bridge.Calls.Legs;

/// <summary>The leg's quality over the whole call, sampled by the call manager's timer (<see cref="CallQualityAverage"/>).</summary>
internal sealed partial class CallLeg
{
    private readonly CallQualityAverage _callQuality = new();

    /// <summary>Adds the live quality figures to the call's average (nothing before audio was received).</summary>
    public void SampleCallQuality()
    {
        if (GetDetails().Quality is { } quality)
        {
            _callQuality.Add(quality);
        }
    }
}
