using Bridge.DialPlans;

namespace Bridge.Conferencing;

/// <summary>Creates the media side of a room when its first caller is admitted.</summary>
public interface IRoomAudioFactory
{
    /// <summary>Creates a mixer for <paramref name="room"/> (the dial plan's settings, snapshotted at opening).</summary>
    IRoomAudio Create(RoomConfig room);
}
