namespace Bridge.Sdp;

/// <summary>
/// A line whose type the parser does not interpret (RFC 4566 §5: unknown types are ignored by receivers),
/// kept so that a parsed description writes back unchanged.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    /// <summary>The whole line without its line ending.</summary>
    public override string ToString() => Type + "=" + Value;
}
