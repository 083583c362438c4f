using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing.Rooms;

/// <summary>The room's side of the admin actions (<see cref="IConferenceAdmin"/>): members by leg id. Runs only on the service's queue.</summary>
internal sealed partial class ConferenceRoom
{
    /// <summary>Mutes or unmutes the member whose leg has <paramref name="legId"/>; it hears the keypad's prompt.</summary>
    internal AdminResult AdminSetMuted(string legId, bool muted)
    {
        var member = FindByLegId(legId);
        if (member is null)
        {
            return AdminResult.ParticipantNotFound;
        }

        if (member.Muted != muted)
        {
            member.Muted = muted;
            _audio.SetMuted(member.Session.Leg, muted || member.Waiting);
            if (!member.Waiting)
            {
                member.Session.PlayInRoom([PromptCatalog.Get(muted ? PromptId.Muted : PromptId.Unmuted, Language)]);
            }

            _service.PublishRoom(this);
        }

        return AdminResult.Done;
    }

    /// <summary>Removes the member: it leaves (the room may close), hears "goodbye", and is hung up.</summary>
    internal AdminResult AdminRemove(string legId)
    {
        var member = FindByLegId(legId);
        if (member is null)
        {
            return AdminResult.ParticipantNotFound;
        }

        member.Session.RemovedByAdmin();
        return AdminResult.Done;
    }

    /// <summary>Locks or unlocks the room; everyone in it hears the keypad's lock prompt.</summary>
    internal void AdminSetLocked(bool locked)
    {
        if (Locked == locked)
        {
            return;
        }

        Locked = locked;
        _audio.PlayToRoom(PromptCatalog.Get(locked ? PromptId.RoomLocked : PromptId.RoomUnlocked, Language));
        _service.PublishRoom(this);
    }

    private RoomMember? FindByLegId(string legId)
    {
        foreach (var member in _members)
        {
            if (string.Equals(member.Session.Leg.Id, legId, StringComparison.Ordinal))
            {
                return member;
            }
        }

        return null;
    }
}
