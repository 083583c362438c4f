using System.Net;

namespace Bridge.Sip.Transport;

/// <summary>A bound listening socket: transport name and the actual local end point (port 0 resolved).</summary>
public sealed record SipListenPoint(string Transport, IPEndPoint EndPoint);
