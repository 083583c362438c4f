using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Security;

namespace Bridge.Sip.Tests.Security;

/// <summary>Live calls as the test declares them: (source, Call-ID) pairs.</summary>
internal sealed class FakeLiveCalls : ISipLiveCalls
{
    public List<(IPAddress Source, string CallId)> Calls { get; } = [];

    public int HasCallsQueries { get; private set; }

    public bool HasCalls(IPAddress source)
    {
        HasCallsQueries++;
        return Calls.Exists(c => c.Source.Equals(source));
    }

    public bool IsInCall(SipMessage message, IPAddress source) =>
        Calls.Exists(c => c.Source.Equals(source) && c.CallId == message.CallId);
}
