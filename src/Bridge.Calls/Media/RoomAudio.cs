using Bridge.Conferencing;
using Bridge.Conferencing.Prompts;
using Bridge.Media.Mixing;

namespace Bridge.Calls.Media;

/// <summary>A conference room's audio: a mix room on the engine; legs move in from the lobby and back.</summary>
internal sealed class RoomAudio(MixRoom room, MediaHub hub) : IRoomAudio, IRoomTalkers
{
    public void Add(IConferenceLeg leg)
    {
        if (leg is IMixLeg call && !call.IsReleased)
        {
            call.MoveTo(room, hearsRoom: true, muted: false);
        }
    }

    public void Remove(IConferenceLeg leg)
    {
        if (leg is IMixLeg call && ReferenceEquals(call.Participant?.Room, room) && !call.IsReleased)
        {
            hub.EnterLobby(call);
        }
    }

    public void SetMuted(IConferenceLeg leg, bool muted)
    {
        if (Member(leg) is { } participant)
        {
            participant.Muted = muted;
        }
    }

    public void SetHearsRoom(IConferenceLeg leg, bool hearsRoom)
    {
        if (Member(leg) is { } participant)
        {
            participant.HearsRoom = hearsRoom;
        }
    }

    /// <summary>The participant's per-tick talking flag, published by the mixer thread (a volatile read; no lock).</summary>
    public bool IsTalking(IConferenceLeg leg) => Member(leg)?.IsTalking ?? false;

    public void PlayToRoom(PromptRef prompt) => room.PlayToRoom(hub.GetPrompt(prompt));

    public void Dispose() => hub.RemoveRoom(room);

    private MixParticipant? Member(IConferenceLeg leg) =>
        leg is IMixLeg call && call.Participant is { } participant && ReferenceEquals(participant.Room, room) ? participant : null;
}
