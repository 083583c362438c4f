namespace Bridge.Media.Mixing;

/// <summary>A participant started or stopped talking (raised on the thread pool, not the mixer thread).</summary>
public sealed class TalkerChangedEventArgs(MixParticipant participant, bool isTalking) : EventArgs
{
    /// <summary>Who.</summary>
    public MixParticipant Participant { get; } = participant;

    /// <summary>True when talking started.</summary>
    public bool IsTalking { get; } = isTalking;
}
