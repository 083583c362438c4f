using Bridge.DialPlans;
using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing;

/// <summary>Conference log lines. Never a PIN or a digit typed during PIN entry; callers only masked.</summary>
internal static partial class ConferenceLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Call {CallId} from {User:l} starts: {Decision}")]
    public static partial void CallStarted(ILogger logger, string callId, string user, RouteDecisionKind decision);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Call {CallId} ended: {Reason}")]
    public static partial void CallEnded(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Call {CallId} entered an unknown conference number (attempt {Attempt})")]
    public static partial void UnknownRoom(ILogger logger, string callId, int attempt);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Call {CallId} joined room {Room} as {Role}")]
    public static partial void Joined(ILogger logger, string callId, string room, ConferenceRole role);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Call {CallId} left room {Room}; {Remaining} remain")]
    public static partial void Left(ILogger logger, string callId, string room, int remaining);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Room {Room} opened")]
    public static partial void RoomOpened(ILogger logger, string room);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Room {Room} closed")]
    public static partial void RoomClosed(ILogger logger, string room);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Call {CallId} set room {Room} locked={Locked}")]
    public static partial void LockChanged(ILogger logger, string callId, string room, bool locked);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Call {CallId} refused for room {Room}: the room requires SRTP and the call is not encrypted")]
    public static partial void InsecureMediaRefused(ILogger logger, string callId, string room);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "Could not open the audio of room {Room}")]
    public static partial void RoomAudioFailed(ILogger logger, Exception exception, string room);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error, Message = "Conference control action failed")]
    public static partial void ActionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Call {CallId} refused for room {Room}: no meeting is scheduled now")]
    public static partial void NotOpen(ILogger logger, string callId, string room);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Room {Room}: the scheduled meeting ends in five minutes")]
    public static partial void EndingSoon(ILogger logger, string room);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Room {Room}: the scheduled meeting is over; ending the conference")]
    public static partial void ScheduledEnd(ILogger logger, string room);

    /// <summary>The call is now taking PIN digits for <paramref name="room"/> (the prompt may still be playing). Never the digits.</summary>
    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "Call {CallId} asks for the PIN of room {Room}")]
    public static partial void AsksForPin(ILogger logger, string callId, string room);
}
