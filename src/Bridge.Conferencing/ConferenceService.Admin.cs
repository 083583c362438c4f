using Bridge.Conferencing.Admin;
using Bridge.Conferencing.Rooms;
using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing;

/// <summary>
/// The admin actions (<see cref="IConferenceAdmin"/>): posted to the conference queue like keypad commands (docs/architecture.md
/// §3), each answered through a task that completes on the thread pool once the queue has applied it.
/// </summary>
public sealed partial class ConferenceService : IConferenceAdmin
{
    /// <inheritdoc />
    public IReadOnlyList<AdminRoom> GetRooms()
    {
        var open = new Dictionary<string, RoomSnapshot>(StringComparer.Ordinal);
        foreach (var snapshot in Rooms)
        {
            open[snapshot.Number] = snapshot;
        }

        var rooms = new List<AdminRoom>();
        foreach (var config in DialPlans.Current.Rooms)
        {
            rooms.Add(open.Remove(config.Number, out var live)
                ? new AdminRoom(config.Number, config.Name, true, true, live.Locked, live.Participants, live.Moderators, live.OpenedAt)
                : new AdminRoom(config.Number, config.Name, true, false, false, 0, 0, null));
        }

        foreach (var live in open.Values)
        {
            // Open under a plan that no longer has it (reloaded while in use).
            rooms.Add(new AdminRoom(live.Number, live.Name, false, true, live.Locked, live.Participants, live.Moderators, live.OpenedAt));
        }

        rooms.Sort(static (a, b) => string.CompareOrdinal(a.Number, b.Number));
        return rooms;
    }

    /// <inheritdoc />
    public Task<AdminResult> SetMutedAsync(string room, string participantId, bool muted)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return OnRoomAsync(room, r =>
        {
            var result = r.AdminSetMuted(participantId, muted);
            if (result == AdminResult.Done)
            {
                LogAdminMute(Logger, participantId, room, muted);
            }

            return result;
        });
    }

    /// <inheritdoc />
    public Task<AdminResult> RemoveAsync(string room, string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return OnRoomAsync(room, r =>
        {
            var result = r.AdminRemove(participantId);
            if (result == AdminResult.Done)
            {
                LogAdminRemove(Logger, participantId, room);
            }

            return result;
        });
    }

    /// <inheritdoc />
    public Task<AdminResult> SetLockedAsync(string room, bool locked) => OnRoomAsync(room, r =>
    {
        r.AdminSetLocked(locked);
        LogAdminLock(Logger, room, locked);
        return AdminResult.Done;
    });

    /// <inheritdoc />
    public Task<AdminResult> EndAsync(string room) => OnRoomAsync(room, r =>
    {
        LogAdminEnd(Logger, room);
        r.EndAll();
        return AdminResult.Done;
    });

    private Task<AdminResult> OnRoomAsync(string roomNumber, Func<ConferenceRoom, AdminResult> action)
    {
        ArgumentNullException.ThrowIfNull(roomNumber);
        var done = new TaskCompletionSource<AdminResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                done.TrySetResult(_rooms.TryGetValue(roomNumber, out var room) ? action(room) : AdminResult.RoomNotFound);
            }
#pragma warning disable CA1031 // the caller (an HTTP request) gets the failure; the control loop goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Admin: call {CallId} in room {Room} muted={Muted}")]
    private static partial void LogAdminMute(ILogger logger, string callId, string room, bool muted);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Admin: call {CallId} removed from room {Room}")]
    private static partial void LogAdminRemove(ILogger logger, string callId, string room);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Information, Message = "Admin: room {Room} locked={Locked}")]
    private static partial void LogAdminLock(ILogger logger, string room, bool locked);

    [LoggerMessage(EventId = 4043, Level = LogLevel.Information, Message = "Admin: room {Room} ended")]
    private static partial void LogAdminEnd(ILogger logger, string room);
}
