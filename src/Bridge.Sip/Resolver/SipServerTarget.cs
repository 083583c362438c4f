using System.Net;

namespace Bridge.Sip.Resolver;

/// <summary>One place to send a request to (RFC 3263 §4.2): transport (UDP, TCP, TLS) and address.</summary>
public sealed record SipServerTarget(string Transport, IPEndPoint EndPoint);
