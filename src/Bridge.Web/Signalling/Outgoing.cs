using System.Net.WebSockets;

namespace Bridge.Web.Signalling;

/// <summary>One item for a socket's single writer: a message, the latest roster, or the close frame.</summary>
internal readonly record struct Outgoing(byte[]? Json, bool Roster, WebSocketCloseStatus? Close, string? Reason)
{
    public static Outgoing Message(byte[] json) => new(json, false, null, null);

    public static Outgoing LatestRoster => new(null, true, null, null);

    public static Outgoing CloseWith(WebSocketCloseStatus status, string reason) => new(null, false, status, reason);
}
