namespace Bridge.Sdp;

/// <summary>Helpers for <see cref="MediaDirection"/> as used by offer/answer (RFC 3264 §6.1).</summary>
public static class MediaDirectionExtensions
{
    /// <summary>The attribute name as written in SDP (<c>sendrecv</c>, <c>sendonly</c>, ...).</summary>
    public static string ToAttributeName(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    /// <summary>Parses an attribute name into a direction; false for any other attribute.</summary>
    public static bool TryParseAttributeName(string name, out MediaDirection direction)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.ToUpperInvariant())
        {
            case "SENDRECV": direction = MediaDirection.SendRecv; return true;
            case "SENDONLY": direction = MediaDirection.SendOnly; return true;
            case "RECVONLY": direction = MediaDirection.RecvOnly; return true;
            case "INACTIVE": direction = MediaDirection.Inactive; return true;
            default: direction = MediaDirection.SendRecv; return false;
        }
    }

    /// <summary>Whether the side described by this direction sends media.</summary>
    public static bool Sends(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    /// <summary>Whether the side described by this direction receives media.</summary>
    public static bool Receives(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>Builds a direction from the two capabilities.</summary>
    public static MediaDirection FromCapabilities(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    /// <summary>
    /// The direction the other side must use in reply: sendonly ↔ recvonly, limited by what we want
    /// (RFC 3264 §6.1: a sendonly stream is answered recvonly or inactive, and so on).
    /// </summary>
    public static MediaDirection Answer(this MediaDirection offered, MediaDirection wanted) =>
        FromCapabilities(offered.Receives() && wanted.Sends(), offered.Sends() && wanted.Receives());
}
