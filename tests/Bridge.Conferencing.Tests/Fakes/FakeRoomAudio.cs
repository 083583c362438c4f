using Bridge.Conferencing.Prompts;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Tests.Fakes;

/// <summary>A mixer stand-in: who is in, who is muted, who hears the room, what was played to all.</summary>
internal sealed class FakeRoomAudio(RoomConfig room) : IRoomAudio, IRoomTalkers
{
    /// <summary>Whom the "mixer" hears talking now (read by the service's talker poll).</summary>
    public HashSet<IConferenceLeg> Talking { get; } = [];

    public RoomConfig Room { get; } = room;

    public List<IConferenceLeg> Members { get; } = [];

    public HashSet<IConferenceLeg> Muted { get; } = [];

    public HashSet<IConferenceLeg> Deaf { get; } = [];

    public List<PromptId> PlayedToRoom { get; } = [];

    public bool Disposed { get; private set; }

    public void Add(IConferenceLeg leg)
    {
        Assert.False(Disposed);
        Assert.DoesNotContain(leg, Members);
        Members.Add(leg);
    }

    public void Remove(IConferenceLeg leg)
    {
        Assert.True(Members.Remove(leg), "removed a leg that was not in the room");
        Muted.Remove(leg);
        Deaf.Remove(leg);
    }

    public void SetMuted(IConferenceLeg leg, bool muted)
    {
        Assert.Contains(leg, Members);
        if (muted)
        {
            Muted.Add(leg);
        }
        else
        {
            Muted.Remove(leg);
        }
    }

    public void SetHearsRoom(IConferenceLeg leg, bool hearsRoom)
    {
        Assert.Contains(leg, Members);
        if (hearsRoom)
        {
            Deaf.Remove(leg);
        }
        else
        {
            Deaf.Add(leg);
        }
    }

    public void PlayToRoom(PromptRef prompt) => PlayedToRoom.Add(prompt.Id);

    public bool IsTalking(IConferenceLeg leg) => Talking.Contains(leg);

    public bool Hears(IConferenceLeg leg) => Members.Contains(leg) && !Deaf.Contains(leg);

    public void Dispose() => Disposed = true;
}
