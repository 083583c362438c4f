namespace Bridge.Sdp.WebRtc;

/// <summary>One answered video payload type: <c>VP8</c> (RFC 7741) or <c>H264</c> with packetization-mode=1 (RFC 6184 §8.1).</summary>
public sealed record WebRtcVideoPayload(int PayloadType, string Codec, string? FormatParameters);
