namespace Bridge.Sdp.WebRtc;

/// <summary>
/// One payload type of an offered m-line with its <c>a=rtpmap</c> (RFC 4566 §6; static types from RFC 3551 when
/// absent), <c>a=fmtp</c> and every <c>a=rtcp-fb</c> value for it or for <c>*</c> (RFC 4585 §4.2), without the
/// payload type prefix (e.g. <c>transport-cc</c>, <c>nack pli</c>).
/// </summary>
public sealed record WebRtcPayload(int PayloadType, SdpRtpMap? RtpMap, string? FormatParameters, IReadOnlyList<string> RtcpFeedback)
{
    /// <summary>Whether the encoding name is <paramref name="name"/> (case-insensitive, RFC 4855 §3) at <paramref name="clockRate"/> with <paramref name="channels"/>.</summary>
    public bool Is(string name, int clockRate, int? channels = null) =>
        RtpMap is not null
        && string.Equals(RtpMap.EncodingName, name, StringComparison.OrdinalIgnoreCase)
        && RtpMap.ClockRate == clockRate
        && (channels is null || RtpMap.Channels == channels);
}
