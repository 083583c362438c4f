namespace Bridge.Sdp;

/// <summary>One <c>a=</c> line (RFC 4566 §5.13): a property attribute has no value, a value attribute has one.</summary>
/// <param name="Name">Attribute name, e.g. <c>rtpmap</c>, <c>sendonly</c>, <c>ice-ufrag</c>.</param>
/// <param name="Value">Text after the first colon, or null for a property attribute.</param>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <summary>The line body without the <c>a=</c> prefix.</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
