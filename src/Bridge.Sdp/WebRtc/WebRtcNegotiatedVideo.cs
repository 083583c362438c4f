namespace Bridge.Sdp.WebRtc;

/// <summary>
/// One accepted video m-line of a browser's offer (BUNDLEd with the audio, RFC 8843): its role, the codecs answered
/// (VP8 first, then H.264 packetization-mode=1 when offered), the browser's SSRC when it sends, ours when it receives,
/// and the RTCP feedback answered (RFC 4585 §4.2: a subset of the offer's <c>nack</c>, <c>nack pli</c>, <c>ccm fir</c>,
/// <c>goog-remb</c>).
/// </summary>
public sealed record WebRtcNegotiatedVideo
{
    /// <summary>Index of the m-line in offer and answer.</summary>
    public required int MediaIndex { get; init; }

    /// <summary>The m-line's mid (the page maps a forwarded video to its tile by it).</summary>
    public required string Mid { get; init; }

    /// <summary>Whether the browser sends or receives on this m-line.</summary>
    public required WebRtcVideoRole Role { get; init; }

    /// <summary>Answered payload types, preferred first.</summary>
    public required IReadOnlyList<WebRtcVideoPayload> Payloads { get; init; }

    /// <summary>For <see cref="WebRtcVideoRole.Receive"/>: the browser's first <c>a=ssrc</c> (RTX is not answered), or null.</summary>
    public uint? RemoteSsrc { get; init; }

    /// <summary>For <see cref="WebRtcVideoRole.Send"/>: the SSRC the bridge sends this slot with.</summary>
    public uint? LocalSsrc { get; init; }

    /// <summary>Generic NACK answered (RFC 4585 §6.2.1).</summary>
    public bool Nack { get; init; }

    /// <summary>Picture loss indication answered (RFC 4585 §6.3.1).</summary>
    public bool Pli { get; init; }

    /// <summary>Full intra request answered (RFC 5104 §4.3.1).</summary>
    public bool Fir { get; init; }

    /// <summary>Receiver estimated maximum bitrate answered (draft-alvestrand-rmcat-remb).</summary>
    public bool Remb { get; init; }
}
