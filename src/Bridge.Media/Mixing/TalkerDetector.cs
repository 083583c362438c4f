namespace Bridge.Media.Mixing;

/// <summary>
/// Energy talker detection with hysteresis: a frame above the "on" level starts talking at once (fast
/// attack, so the first syllable is mixed); it takes a release time of frames under the "off" level to
/// stop (slow release, so pauses between words do not chop the speech).
/// </summary>
internal sealed class TalkerDetector
{
    private readonly long _onLevel;
    private readonly long _offLevel;
    private readonly int _releaseFrames;
    private int _quietFrames;

    internal TalkerDetector(MixRoomOptions options)
    {
        _onLevel = ToPower(options.TalkOnDbfs);
        _offLevel = ToPower(options.TalkOffDbfs);
        _releaseFrames = Math.Max(1, options.TalkReleaseMs / AudioFrame.DurationMs);
    }

    internal bool IsTalking { get; private set; }

    /// <summary>Feeds one frame's mean-square level; returns whether the participant is talking now.</summary>
    internal bool Update(long meanSquare)
    {
        if (!IsTalking)
        {
            if (meanSquare >= _onLevel)
            {
                IsTalking = true;
                _quietFrames = 0;
            }

            return IsTalking;
        }

        if (meanSquare >= _offLevel)
        {
            _quietFrames = 0;
        }
        else if (++_quietFrames >= _releaseFrames)
        {
            IsTalking = false;
        }

        return IsTalking;
    }

    /// <summary>dBFS (0 dB = a full-scale square wave) to mean-square power.</summary>
    private static long ToPower(double dbfs) => (long)(32768.0 * 32768.0 * Math.Pow(10, dbfs / 10));
}
