namespace Bridge.Sdp;

/// <summary>
/// A <c>t=&lt;start-time&gt; &lt;stop-time&gt;</c> line (RFC 4566 §5.9) with its <c>r=</c> repeat lines (§5.10),
/// kept as written. <c>t=0 0</c> is a permanent session.
/// </summary>
public sealed record SdpTiming(string Start, string Stop)
{
    /// <summary>The <c>r=</c> lines that follow this <c>t=</c> line, without prefix.</summary>
    public IList<string> Repeats { get; init; } = new List<string>();

    /// <summary>The permanent session timing <c>t=0 0</c>.</summary>
    public static SdpTiming Permanent => new("0", "0");

    /// <summary>The line body without the <c>t=</c> prefix.</summary>
    public override string ToString() => Start + " " + Stop;
}
