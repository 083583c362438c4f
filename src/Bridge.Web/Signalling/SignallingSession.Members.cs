using System.Net;
using Bridge.Conferencing.Members;
using Bridge.Conferencing.Roster;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Signalling;

/// <summary>
/// Member actions on the socket (issue 10): the sender's hand and the moderator controls go to <see cref="IRoomMembers"/>
/// with the sender's own participant id and room, so the bridge decides who may do what; a refused action is answered
/// with <c>refused-action</c> (the socket stays open), changes nothing, and is logged once a minute per kind.
/// </summary>
internal sealed partial class SignallingSession
{
    private readonly IRoomMembers? _members;
    private volatile bool _selfWaiting;

    private async Task<bool> MemberAsync(MemberRequest request)
    {
        if (_participant is not { } participant || _joinedRoom is not { } room)
        {
            return Fail("member action before joining", "Not in a room.", System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation);
        }

        if (_members is null)
        {
            Enqueue(Outgoing.Message(MemberMessages.RefusedAction(request.ActionName, "Not available on this bridge.")));
            return true;
        }

        MemberActionResult result;
        try
        {
            result = await _members.ActAsync(request.Action, room, participant.Id, request.TargetId, request.Name).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogGatewayFailed(exception, "member action");
            result = MemberActionResult.NotAllowed;
        }

        if (result == MemberActionResult.Done)
        {
            Enqueue(Outgoing.Message(MemberMessages.ActionDone(request.ActionName)));
        }
        else
        {
            var (kind, message) = result switch
            {
                MemberActionResult.NotModerator => ("moderator action from a non-moderator", MemberMessages.NotModeratorText),
                MemberActionResult.ParticipantNotFound => ("action on a participant not in the room", "That participant is not in this room."),
                MemberActionResult.NotInRoom => ("action while not in the room", "You are not in the room yet."),
                _ => ("action not possible", "That is not possible for this participant."),
            };
            if (_gate.TryEnter(kind, out var suppressed))
            {
                LogActionRefused(kind, request.ActionName, _address, room, suppressed);
            }

            Enqueue(Outgoing.Message(MemberMessages.RefusedAction(request.ActionName, message)));
        }

        return true;
    }

    /// <summary>On the conference queue: remembers whether this participant waits in the lobby (its last state while listed).</summary>
    private void NoteSelf(IReadOnlyList<RosterEntry> entries)
    {
        var id = _participant?.Id;
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Id, id, StringComparison.Ordinal))
            {
                _selfWaiting = entry.Waiting;
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signalling: {Kind} ({Action}) from {Address} in room {Room} refused ({Suppressed} more since the last such line)")]
    private partial void LogActionRefused(string kind, string action, IPAddress address, string room, int suppressed);
}
