using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing;

/// <summary>
/// The media side of one room (a mixer), implemented by Bridge.Calls / Bridge.Media. Changes may be
/// queued and applied at the next mixer tick. Disposed when the room closes (its last member left).
/// </summary>
public interface IRoomAudio : IDisposable
{
    /// <summary>Adds a caller to the mix (after the PIN was accepted). New members are unmuted and hear the room.</summary>
    void Add(IConferenceLeg leg);

    /// <summary>Removes a caller from the mix.</summary>
    void Remove(IConferenceLeg leg);

    /// <summary>Muted: the caller's audio is not mixed into what others hear.</summary>
    void SetMuted(IConferenceLeg leg, bool muted);

    /// <summary>False: the caller receives silence instead of the room (waiting for the moderator).</summary>
    void SetHearsRoom(IConferenceLeg leg, bool hearsRoom);

    /// <summary>Plays a prompt or tone once to every member that hears the room.</summary>
    void PlayToRoom(PromptRef prompt);
}
