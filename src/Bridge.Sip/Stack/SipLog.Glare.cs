using Microsoft.Extensions.Logging;

namespace Bridge.Sip.Stack;

/// <summary>Log messages of glare handling (RFC 3261 §14.1).</summary>
internal static partial class SipLog
{
    [LoggerMessage(EventId = 1090, Level = LogLevel.Information, Message = "Call {CallId}: our re-INVITE met glare (491), retrying in {DelayMs} ms")]
    public static partial void GlareRetry(ILogger logger, string callId, int delayMs);
}
