namespace Bridge.Media.Codecs;

/// <summary>Static facts about a codec the bridge supports (RFC 3551 §4.5, RFC 7587 §4.1).</summary>
/// <param name="Name">Canonical name as written in SDP rtpmap: PCMU, PCMA, G722, opus.</param>
/// <param name="SampleRate">PCM rate of encoder input and decoder output.</param>
/// <param name="RtpClockRate">RTP timestamp rate: 8000 for G.722 (timestamp advances 160 per 20 ms), 48000 for Opus.</param>
/// <param name="StaticPayloadType">RFC 3551 static payload type, or -1 for a dynamic one (Opus).</param>
public sealed record AudioCodecInfo(string Name, int SampleRate, int RtpClockRate, int StaticPayloadType)
{
    /// <summary>Samples per 20 ms frame at <see cref="SampleRate"/>.</summary>
    public int SamplesPerFrame => AudioFrame.SamplesPerFrame(SampleRate);

    /// <summary>RTP timestamp increment per 20 ms frame.</summary>
    public int TimestampIncrementPerFrame => AudioFrame.SamplesPerFrame(RtpClockRate);
}
