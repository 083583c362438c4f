using System.Net;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;

namespace Bridge.Sip.Security;

/// <summary>Answers the guard's live-call questions from the user agent's sessions. Only asked about banned
/// sources (and cached per source for a second), so a scan over the sessions is fine.</summary>
internal sealed class SipSessionDirectory(SipUserAgent agent) : ISipLiveCalls
{
    /// <summary>Confirmed sessions only: a flooder's own unanswered INVITEs must not exempt it.</summary>
    public bool HasCalls(IPAddress source)
    {
        foreach (var session in agent.Sessions)
        {
            if (session.State == InviteSessionState.Confirmed && session.Remote.EndPoint.Address.Equals(source))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsInCall(SipMessage message, IPAddress source)
    {
        if (message.CallId is not { } callId)
        {
            return false;
        }

        foreach (var session in agent.Sessions)
        {
            if (IsLive(session) && string.Equals(session.CallId, callId, StringComparison.Ordinal) && session.Remote.EndPoint.Address.Equals(source))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLive(InviteSession session) => session.State != InviteSessionState.Terminated;
}
