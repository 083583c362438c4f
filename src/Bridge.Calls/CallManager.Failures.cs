using Bridge.Sip.Dialogs;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>What happens when a call's set-up fails: a caller already answered gets BYE (RFC 3261 §15), never a silent
/// answered call; an unanswered one gets 500; a call the caller cancelled (or that ended) meanwhile is normal.</summary>
public sealed partial class CallManager
{
    private async Task EndFailedSetUpAsync(IncomingCall call, Exception exception)
    {
        var session = call.Session;
        if (session.State == InviteSessionState.Terminated || call.Cancelled.IsCancellationRequested)
        {
            // A CANCEL (or BYE) that raced the answer: the SIP stack has answered it already.
            LogSetUpAbandoned(session.CallId, session.EndReason?.ToString() ?? "cancelled");
            return;
        }

        LogCallFailed(session.CallId, exception.Message);
        if (session.IsAnswered)
        {
            await session.HangupAsync().ConfigureAwait(false);
        }
        else
        {
            await call.RejectAsync(500, "Internal error").ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} ended during set-up ({Reason})")]
    private partial void LogSetUpAbandoned(string callId, string reason);
}
