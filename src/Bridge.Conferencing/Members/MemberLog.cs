using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing.Members;

/// <summary>Log lines of the member actions and the lobby (ids only: never a name a moderator typed, never a number).</summary>
internal static partial class MemberLog
{
    [LoggerMessage(EventId = 4060, Level = LogLevel.Information, Message = "Call {CallId} waits in the lobby of room {Room}")]
    public static partial void Waiting(ILogger logger, string callId, string room);

    [LoggerMessage(EventId = 4061, Level = LogLevel.Information, Message = "Call {CallId} admitted from the lobby of room {Room}")]
    public static partial void AdmittedFromLobby(ILogger logger, string callId, string room);

    [LoggerMessage(EventId = 4062, Level = LogLevel.Information, Message = "Call {CallId} denied from the lobby of room {Room}")]
    public static partial void DeniedFromLobby(ILogger logger, string callId, string room);

    [LoggerMessage(EventId = 4063, Level = LogLevel.Information, Message = "Room {Room}: {Action} by {AskerId} on {TargetId}")]
    public static partial void Applied(ILogger logger, string room, MemberAction action, string askerId, string targetId);
}
