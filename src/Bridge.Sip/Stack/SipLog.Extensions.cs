using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Stack;

/// <summary>Log messages of the session-timer (RFC 4028) and reliable-provisional (RFC 3262) extensions.</summary>
internal static partial class SipLog
{
    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Call {CallId}: session timer {Seconds} s, refresher {Refresher}")]
    public static partial void SessionTimerStarted(ILogger logger, string callId, int seconds, string refresher);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Call {CallId}: session expired without a refresh, sending BYE")]
    public static partial void SessionExpired(ILogger logger, string callId);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Call {CallId}: session refresh by {Method} answered {Status}")]
    public static partial void SessionRefreshAnswered(ILogger logger, string callId, string method, int status);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Warning, Message = "Call {CallId}: no PRACK for the reliable provisional response within 64*T1")]
    public static partial void PrackTimeout(ILogger logger, string callId);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Debug, Message = "Call {CallId}: session refresh received ({Method})")]
    public static partial void SessionRefreshed(ILogger logger, string callId, string method);
}
