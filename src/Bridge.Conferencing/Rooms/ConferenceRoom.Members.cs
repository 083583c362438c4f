using Bridge.Conferencing.Ivr;

namespace Bridge.Conferencing.Rooms;

/// <summary>The room's members as the roster reads them, and mute set from outside the keypad (the web page).</summary>
internal sealed partial class ConferenceRoom
{
    /// <summary>Members now, in join order. Read only on the service's queue.</summary>
    internal IReadOnlyList<RoomMember> Members => _members;

    /// <summary>Mutes or unmutes a member without a prompt (a browser sees its own state); false when not a member.</summary>
    internal bool SetMuted(CallSession session, bool muted)
    {
        var member = Find(session);
        if (member is null)
        {
            return false;
        }

        if (member.Muted != muted)
        {
            member.Muted = muted;
            _audio.SetMuted(session.Leg, muted || member.Waiting);
            _service.PublishRoom(this);
        }

        return true;
    }
}
