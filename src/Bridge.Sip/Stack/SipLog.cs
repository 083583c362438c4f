using System.Net;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Stack;

/// <summary>Source-generated log messages of the SIP stack. Caller numbers are masked by the callers of these.</summary>
internal static partial class SipLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "{Transport} send to {Remote} failed: {Reason}")]
    public static partial void SendFailed(ILogger logger, string transport, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{Transport} receive error {Reason}")]
    public static partial void ReceiveError(ILogger logger, string transport, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Transport} message of {Size} bytes from {Remote} dropped (too large)")]
    public static partial void Oversized(ILogger logger, string transport, IPEndPoint remote, int size);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "{Transport} handler failed for a message from {Remote}")]
    public static partial void HandlerFailed(ILogger logger, string transport, IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "{Transport} connection from {Remote} refused (connection limit)")]
    public static partial void ConnectionRefused(ILogger logger, string transport, IPEndPoint remote);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "TLS handshake with {Remote} failed: {Reason}")]
    public static partial void TlsHandshakeFailed(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Malformed request from {Remote}: {Reason}")]
    public static partial void MalformedRequest(ILogger logger, SipRemote remote, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Malformed response from {Remote} dropped: {Reason}")]
    public static partial void MalformedResponse(ILogger logger, SipRemote remote, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Incoming call {CallId} from {Caller} via {Remote}")]
    public static partial void IncomingCall(ILogger logger, string callId, string caller, SipRemote remote);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Call {CallId} terminated: {Reason}")]
    public static partial void CallTerminated(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Call {CallId}: no ACK for 2xx within 64*T1, sending BYE")]
    public static partial void AckTimeout(ILogger logger, string callId);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Error, Message = "Call {CallId}: application handler failed")]
    public static partial void ApplicationHandlerFailed(ILogger logger, string callId, Exception exception);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Debug, Message = "{Method} {CallId} answered {Status} ({Reason})")]
    public static partial void Answered(ILogger logger, string method, string callId, int status, string reason);
}
