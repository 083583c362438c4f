namespace Bridge.Sdp.WebRtc;

/// <summary>One source from <c>a=ssrc:&lt;ssrc&gt; cname:...</c> / <c>msid:...</c> lines (RFC 5576 §4.1, RFC 8830 §2).</summary>
public sealed record WebRtcSsrc(uint Ssrc, string? Cname, string? Msid);
