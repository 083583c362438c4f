using System.Net;

namespace Bridge.Conferencing.Browser;

/// <summary>
/// Proof that a browser at <see cref="Address"/> gave a correct PIN for <see cref="Room"/>, and the role it
/// opened. Issued by the gateway, held by the web layer for one signalling connection, used once to join.
/// </summary>
public sealed record BrowserTicket(string Room, ConferenceRole Role, IPAddress Address, DateTimeOffset IssuedAt);
