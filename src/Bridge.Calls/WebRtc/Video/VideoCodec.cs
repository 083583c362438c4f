namespace Bridge.Calls.WebRtc.Video;

/// <summary>The video codecs the bridge forwards (it never decodes them).</summary>
internal enum VideoCodec : byte
{
    /// <summary>Not a video payload type of this m-line.</summary>
    None,

    /// <summary>VP8 (RFC 7741).</summary>
    Vp8,

    /// <summary>H.264, packetization-mode=1 (RFC 6184).</summary>
    H264,
}
