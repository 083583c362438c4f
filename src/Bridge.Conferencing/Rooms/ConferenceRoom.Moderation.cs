using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Members;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Roster;

namespace Bridge.Conferencing.Rooms;

/// <summary>
/// The room's side of <see cref="IRoomMembers"/>: the server's decision on an action asked from inside the room (the asker
/// must be a member and, for a moderator's action, a moderator; the target must be in this room). Runs only on the
/// service's queue. A refused action changes nothing.
/// </summary>
internal sealed partial class ConferenceRoom
{
    internal MemberActionResult Act(MemberAction action, string askerId, string? targetId, string? name)
    {
        var asker = FindByLegId(askerId);
        if (asker is null || asker.Waiting)
        {
            return MemberActionResult.NotInRoom;
        }

        switch (action)
        {
            case MemberAction.RaiseHand or MemberAction.LowerHand:
                SetHand(asker, action == MemberAction.RaiseHand);
                return MemberActionResult.Done;
        }

        if (asker.Role != ConferenceRole.Moderator)
        {
            return MemberActionResult.NotModerator;
        }

        switch (action)
        {
            case MemberAction.Lock or MemberAction.Unlock:
                AdminSetLocked(action == MemberAction.Lock);
                return MemberActionResult.Done;
            case MemberAction.End:
                EndAll();
                return MemberActionResult.Done;
        }

        if (targetId is null || FindByLegId(targetId) is not { } target)
        {
            return MemberActionResult.ParticipantNotFound;
        }

        return action switch
        {
            MemberAction.Mute or MemberAction.Unmute when target.Waiting => MemberActionResult.NotAllowed,
            MemberAction.Mute or MemberAction.Unmute => AdminSetMuted(targetId, action == MemberAction.Mute) == AdminResult.Done
                ? MemberActionResult.Done
                : MemberActionResult.ParticipantNotFound,
            MemberAction.Remove => Remove(target),
            MemberAction.Rename => Rename(target, name),
            MemberAction.Admit => AdmitWaiting(target),
            MemberAction.Deny => DenyWaiting(target),
            _ => MemberActionResult.NotAllowed,
        };
    }

    /// <summary>A moderator removed the member: a phone hears "a moderator has removed you", then goodbye and BYE.</summary>
    private static MemberActionResult Remove(RoomMember target)
    {
        target.Session.RemovedByModerator();
        return MemberActionResult.Done;
    }

    /// <summary>A display name for a phone (cleaned like a browser's name); an empty name gives back <c>Phone ***123</c>.</summary>
    private MemberActionResult Rename(RoomMember target, string? name)
    {
        if (target.Session.Leg is IRosterIdentity)
        {
            return MemberActionResult.NotAllowed; // browsers name themselves
        }

        var cleaned = string.IsNullOrWhiteSpace(name) ? null : BrowserNames.Clean(name);
        if (!string.Equals(cleaned, target.DisplayName, StringComparison.Ordinal))
        {
            target.DisplayName = cleaned;
            _service.PublishRoom(this);
        }

        return MemberActionResult.Done;
    }

    /// <summary><c>*9</c> on a phone: raise or lower the hand, with a spoken confirmation.</summary>
    private void ToggleHand(RoomMember member)
    {
        SetHand(member, !member.HandRaised);
        member.Session.PlayInRoom([PromptCatalog.Get(member.HandRaised ? PromptId.HandRaised : PromptId.HandLowered, Language)]);
    }

    private void SetHand(RoomMember member, bool raised)
    {
        if (member.HandRaised != raised)
        {
            member.HandRaised = raised;
            _service.PublishRoom(this);
        }
    }
}
