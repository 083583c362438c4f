namespace Bridge.Web;

/// <summary>
/// What the web layer needs to know about its deployment: which origins besides the page's own may open the
/// signalling socket, and the bounds on what one socket may send (issue 9 "Bad input").
/// </summary>
public sealed record BridgeWebOptions
{
    /// <summary>Origins (<c>scheme://host[:port]</c>) allowed to open <c>/ws</c> besides the origin the request was made to.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The largest signalling message accepted, in bytes (an SDP offer is a few KiB).</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Messages a socket may send per second on average.</summary>
    public double MessagesPerSecond { get; init; } = 5;

    /// <summary>Messages a socket may send in one burst.</summary>
    public int MessageBurst { get; init; } = 20;

    /// <summary>How long a socket may stay open without joining a room.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
