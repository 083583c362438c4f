using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Roster;

namespace Bridge.Web.Signalling;

/// <summary>
/// The room's state as the page shows it in words (issue 10): locked or open, carried in every roster message
/// (<c>"locked"</c>, when the bridge tells it through <see cref="IRoomLockState"/>) so it follows a lock by another
/// moderator, a phone's keypad or the admin API; and why the bridge ended the participant (removed by a moderator, the
/// meeting ended for everyone, turned away from the lobby).
/// </summary>
internal sealed partial class SignallingSession
{
    /// <summary>Text of the last message to a participant a moderator removed.</summary>
    public const string RemovedText = "A moderator removed you from the room.";

    /// <summary>Text of the last message when the meeting ended for everyone.</summary>
    public const string MeetingEndedText = "The meeting has ended for everyone.";

    private const int LockUnknown = -1;
    private int _roomLocked = LockUnknown;

    /// <summary>After the join: the room's lock state now, when the bridge tells it.</summary>
    private void ReadLockState(string room)
    {
        if (_roster is IRoomLockState state)
        {
            Volatile.Write(ref _roomLocked, state.IsLocked(room) ? 1 : 0);
        }
    }

    /// <summary>On the conference queue, before the roster snapshot is swapped in: the lock state that goes with it.</summary>
    private void NoteLockState(RosterChangedEventArgs change)
    {
        if (_roster is IRoomLockState)
        {
            Volatile.Write(ref _roomLocked, change.Locked ? 1 : 0);
        }
    }

    /// <summary>True or false when known; null when the bridge does not tell (the page then shows nothing).</summary>
    private bool? RoomLocked => Volatile.Read(ref _roomLocked) switch
    {
        LockUnknown => null,
        var value => value == 1,
    };

    /// <summary>The last message when the bridge ended the participant, in the words of the reason.</summary>
    private byte[] EndedMessage()
    {
        var reason = _participant is IBrowserEndReason known ? known.EndReason : LegEndReason.Other;
        if (reason == LegEndReason.Denied || (reason == LegEndReason.Other && _selfWaiting))
        {
            return MemberMessages.Denied();
        }

        return reason switch
        {
            LegEndReason.Removed => EndedWith("removed", RemovedText),
            LegEndReason.MeetingEnded => EndedWith("meeting-ended", MeetingEndedText),
            _ => ServerMessages.Ended(),
        };
    }

    private static byte[] EndedWith(string reason, string message) => ServerMessages.Write(writer =>
    {
        writer.WriteString("type", "ended");
        writer.WriteString("message", message);
        writer.WriteString("reason", reason);
    });
}
