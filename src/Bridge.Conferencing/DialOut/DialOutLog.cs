using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing.DialOut;

/// <summary>Dial-out log lines (issue 12). Numbers only masked (<c>***123</c>).</summary>
internal static partial class DialOutLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "SECURITY dial-out-refused source={SourceIp:l} user={User:l} room={Room:l} number={Number:l} reason={Reason:l}")]
    public static partial void Refused(ILogger logger, string sourceIp, string user, string room, string number, string reason);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "{Asker} (moderator in room {Room}) dials {Number} through trunk {Trunk} (dial-out {DialOutId})")]
    public static partial void Started(ILogger logger, string asker, string room, string number, string trunk, string dialOutId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Dial-out {DialOutId} to {Number}: {Outcome}")]
    public static partial void Finished(ILogger logger, string dialOutId, string number, DialOutOutcome outcome);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Call {CallId} invited to room {Room}: {Answer}")]
    public static partial void InvitationAnswer(ILogger logger, string callId, string room, string answer);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "{Asker} in room {Room} asked to dial {Number} while a call out of theirs still rings: refused")]
    public static partial void Busy(ILogger logger, string asker, string room, string number);
}
