namespace Bridge.Conferencing;

/// <summary>
/// Implemented by an <see cref="IRoomAudio"/> whose mixer detects talkers: the mixer thread publishes each participant's
/// talking state once per tick (a volatile flag); the control side reads it here and never runs on the mixer thread.
/// </summary>
public interface IRoomTalkers
{
    /// <summary>True while the mixer hears <paramref name="leg"/> talk in this room (false when it is not in it).</summary>
    bool IsTalking(IConferenceLeg leg);
}
