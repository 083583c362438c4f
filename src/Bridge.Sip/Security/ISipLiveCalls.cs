using System.Net;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Security;

/// <summary>What the guard needs to know about live calls so a banned source's calls keep working.</summary>
internal interface ISipLiveCalls
{
    /// <summary>Whether <paramref name="source"/> is the remote end of a live session.</summary>
    bool HasCalls(IPAddress source);

    /// <summary>Whether <paramref name="message"/> (request or response) belongs to a live session with <paramref name="source"/>.</summary>
    bool IsInCall(SipMessage message, IPAddress source);
}
