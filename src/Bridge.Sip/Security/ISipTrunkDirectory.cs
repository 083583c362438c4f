using System.Net;

namespace Bridge.Sip.Security;

/// <summary>Recognises a declared trunk by the source address and, over TLS, the client certificate's subject.
/// Asked for every datagram: it must be quick and should not allocate.</summary>
public interface ISipTrunkDirectory
{
    /// <summary>The trunk a message from <paramref name="source"/> comes through, or null for an undeclared source.</summary>
    SipTrunk? Find(IPAddress source, string? certificateSubject);
}
