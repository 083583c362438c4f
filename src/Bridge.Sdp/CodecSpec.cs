namespace Bridge.Sdp;

/// <summary>
/// An audio codec as written in SDP: encoding name, RTP clock rate and channels of <c>a=rtpmap</c>, the RFC 3551
/// static payload type if it has one, and the <c>a=fmtp</c> parameters we send for it.
/// Clock rate is the RTP clock, not the sampling rate: G.722 is 8000 (RFC 3551 §4.5.2), Opus is always
/// <c>opus/48000/2</c> (RFC 7587 §7).
/// </summary>
public sealed record CodecSpec(string Name, int ClockRate, int Channels, int? StaticPayloadType, string? Fmtp)
{
    /// <summary>Opus (RFC 7587) with in-band FEC and 10 ms minimum packet time.</summary>
    public static CodecSpec Opus { get; } = new("opus", 48000, 2, null, "useinbandfec=1;minptime=10");

    /// <summary>G.722 at 64 kbit/s; RTP clock 8000 although it samples at 16 kHz (RFC 3551 §4.5.2).</summary>
    public static CodecSpec G722 { get; } = new("G722", 8000, 1, 9, null);

    /// <summary>G.711 µ-law (RFC 3551 §4.5.14).</summary>
    public static CodecSpec Pcmu { get; } = new("PCMU", 8000, 1, 0, null);

    /// <summary>G.711 A-law (RFC 3551 §4.5.14).</summary>
    public static CodecSpec Pcma { get; } = new("PCMA", 8000, 1, 8, null);

    /// <summary>RFC 4733 DTMF events 0–16 (digits, *, #, A–D, flash).</summary>
    public static CodecSpec TelephoneEvent { get; } = new("telephone-event", 8000, 1, null, "0-16");

    /// <summary>The default preference: Opus, G.722, PCMU, PCMA.</summary>
    public static IReadOnlyList<CodecSpec> DefaultPreference { get; } = [Opus, G722, Pcmu, Pcma];

    /// <summary>True for the RFC 4733 telephone-event pseudo codec.</summary>
    public bool IsTelephoneEvent => string.Equals(Name, "telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>a=rtpmap</c> for this codec with <paramref name="payloadType"/>.</summary>
    public SdpRtpMap ToRtpMap(int payloadType) => new(payloadType, Name, ClockRate, Channels);

    /// <summary>
    /// Whether an offered or answered encoding is this codec. Names compare case-insensitively (RFC 4855 §3).
    /// Tolerates two common peer mistakes: <c>G722/16000</c> and Opus written with one channel or none.
    /// </summary>
    public bool Matches(SdpRtpMap rtpMap)
    {
        ArgumentNullException.ThrowIfNull(rtpMap);
        if (!string.Equals(rtpMap.EncodingName, Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        bool isG722 = string.Equals(Name, "G722", StringComparison.OrdinalIgnoreCase);
        bool isOpus = string.Equals(Name, "opus", StringComparison.OrdinalIgnoreCase);
        bool clockMatches = rtpMap.ClockRate == ClockRate || (isG722 && rtpMap.ClockRate == 16000);
        bool channelsMatch = rtpMap.Channels == Channels || (isOpus && rtpMap.Channels is 1 or 2);
        return clockMatches && channelsMatch;
    }
}
