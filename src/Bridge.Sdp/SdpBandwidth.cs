namespace Bridge.Sdp;

/// <summary>A <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c> line (RFC 4566 §5.8), e.g. <c>b=AS:64</c> or <c>b=TIAS:64000</c>.</summary>
public sealed record SdpBandwidth(string Type, long Value)
{
    /// <summary>The line body without the <c>b=</c> prefix.</summary>
    public override string ToString() => Type + ":" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
