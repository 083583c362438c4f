using Bridge.Conferencing.DialOut;

namespace Bridge.Web.Signalling;

/// <summary>
/// Dial-out from the page (issue 12): <c>{"type":"dialout","number"}</c> goes to <see cref="IDialOutActions"/> with the
/// sender's own participant id, so the bridge decides (admitted moderator, allowed number, one call out at a time); the
/// page gets <c>{"type":"dialout","state","number","text"}</c> now and at each later state, the number masked. A
/// non-moderator's request is refused like the other moderator actions (<c>refused-action</c>, logged once a minute).
/// </summary>
internal sealed partial class SignallingSession
{
    private readonly IDialOutActions? _dialOut;

    private async Task<bool> DialOutAsync(string number)
    {
        if (_participant is not { } participant || _joinedRoom is not { } room)
        {
            return Fail("dial-out before joining", "Not in a room.", System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation);
        }

        if (_dialOut is null)
        {
            Enqueue(Outgoing.Message(DialOutMessages.Refused("refused", "Calling out is not available on this bridge.")));
            return true;
        }

        DialOutTicket ticket;
        try
        {
            ticket = await _dialOut.DialForMemberAsync(room, participant.Id, number, _address,
                status => Enqueue(Outgoing.Message(DialOutMessages.State(status)))).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogGatewayFailed(exception, "dial-out");
            Enqueue(Outgoing.Message(DialOutMessages.Refused("failed", "The call could not be placed.")));
            return true;
        }

        switch (ticket.Result)
        {
            case DialOutStart.Started:
                Enqueue(Outgoing.Message(DialOutMessages.State(ticket.Status!)));
                break;
            case DialOutStart.NotModerator or DialOutStart.RoomNotFound:
                var kind = ticket.Result == DialOutStart.NotModerator ? "moderator action from a non-moderator" : "action while not in the room";
                if (_gate.TryEnter(kind, out var suppressed))
                {
                    LogActionRefused(kind, "dialout", _address, room, suppressed);
                }

                Enqueue(Outgoing.Message(MemberMessages.RefusedAction("dialout",
                    ticket.Result == DialOutStart.NotModerator ? MemberMessages.NotModeratorText : "You are not in the room yet.")));
                break;
            default:
                Enqueue(Outgoing.Message(DialOutMessages.Refused(ticket.Result)));
                break;
        }

        return true;
    }
}
