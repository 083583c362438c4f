using Bridge.Conferencing.Members;
using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing;

/// <summary>
/// Actions from inside a room (<see cref="IRoomMembers"/>: hand raise, moderator controls, the lobby), decided on the
/// conference queue like keypad commands; the task completes on the thread pool once applied or refused.
/// </summary>
public sealed partial class ConferenceService : IRoomMembers
{
    /// <inheritdoc />
    public Task<MemberActionResult> ActAsync(MemberAction action, string room, string askerId, string? targetId = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(askerId);
        var done = new TaskCompletionSource<MemberActionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                var result = _rooms.TryGetValue(room, out var open) ? open.Act(action, askerId, targetId, name) : MemberActionResult.NotInRoom;
                if (result == MemberActionResult.Done && action is not (MemberAction.RaiseHand or MemberAction.LowerHand))
                {
                    MemberLog.Applied(Logger, room, action, askerId, targetId ?? "-");
                }

                done.TrySetResult(result);
            }
#pragma warning disable CA1031 // the asker (a web page) gets the failure; the control loop goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }
}
