using Bridge.Sip.Parsing;

namespace Bridge.Sip.Transport;

/// <summary>Receives what a transport read. Called on the transport's receive loop: must not block or throw.</summary>
internal interface ISipTransportSink
{
    /// <summary>A parse result (Ok or Malformed) from <paramref name="remote"/>.</summary>
    void OnReceived(in SipParseResult result, SipRemote remote);
}
