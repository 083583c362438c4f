using Bridge.Conferencing.Members;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Roster;

namespace Bridge.Conferencing.Rooms;

/// <summary>
/// The room's lobby (<c>lobby: true</c> in the dial plan): a participant with a correct participant PIN is a member that is
/// <see cref="RoomMember.Waiting"/> (muted and deaf in the mixer; a phone hears "please wait, a moderator will let you in"
/// then a soft tone) until a moderator admits or denies it: in the page, or on a phone with <c>*4</c> (admit everyone
/// waiting). The moderator PIN skips the lobby. Runs only on the service's queue.
/// </summary>
internal sealed partial class ConferenceRoom
{
    /// <summary>Members in the room itself, without those waiting in the lobby (what "there are N other participants" counts).</summary>
    private int AdmittedCount
    {
        get
        {
            var count = 0;
            foreach (var member in _members)
            {
                count += member.Waiting ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>Whether <paramref name="session"/> is still waiting in the lobby (the lobby tone loops while it is).</summary>
    internal bool IsWaiting(Ivr.CallSession session) => Find(session) is { Waiting: true };

    private MemberActionResult AdmitWaiting(RoomMember member)
    {
        if (!member.Waiting)
        {
            return MemberActionResult.NotAllowed;
        }

        member.Waiting = false;
        member.HearsRoom = !(Config.WaitForModerator && ModeratorCount == 0);
        _audio.SetMuted(member.Session.Leg, member.Muted);
        _audio.SetHearsRoom(member.Session.Leg, member.HearsRoom);
        if (Config.AnnounceJoinLeave)
        {
            _audio.PlayToRoom(PromptCatalog.Get(PromptId.ParticipantJoined, Language));
        }

        MemberLog.AdmittedFromLobby(_service.Logger, member.Session.Leg.Id, Config.Number);
        Announce(member.Session); // replaces the lobby tone with the participant count
        _service.PublishRoom(this);
        return MemberActionResult.Done;
    }

    private static MemberActionResult DenyWaiting(RoomMember member)
    {
        if (!member.Waiting)
        {
            return MemberActionResult.NotAllowed;
        }

        member.Session.DeniedFromLobby(); // leaves the room, hears the prompt, BYE
        return MemberActionResult.Done;
    }

    /// <summary><c>*4</c> from a phone moderator: everyone waiting is let in; the moderator hears how it went.</summary>
    private void AdmitAllWaiting(RoomMember moderator)
    {
        var admitted = 0;
        foreach (var member in _members.ToArray())
        {
            if (member.Waiting && AdmitWaiting(member) == MemberActionResult.Done)
            {
                admitted++;
            }
        }

        moderator.Session.PlayInRoom([PromptCatalog.Get(admitted > 0 ? PromptId.LobbyAdmitted : PromptId.NotPossible, Language)]);
    }

    /// <summary>Someone entered the lobby: phone moderators hear "someone is waiting" (browsers see the Waiting list).</summary>
    private void KnockForModerators(RoomMember waiting)
    {
        MemberLog.Waiting(_service.Logger, waiting.Session.Leg.Id, Config.Number);
        foreach (var member in _members)
        {
            if (member.Role == ConferenceRole.Moderator && member.Session.Leg is not IRosterIdentity)
            {
                member.Session.PlayInRoom([PromptCatalog.Get(PromptId.LobbyKnock, Language)]);
            }
        }
    }
}
