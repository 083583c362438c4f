namespace Bridge.Sdp.WebRtc;

/// <summary>
/// What the answer settled for the one audio stream, for the media side: payload types, the RFC 6464 extension
/// id, the remote ICE and DTLS values, our DTLS role and the remote source. <see cref="ToString"/> never shows
/// the ICE password.
/// </summary>
public sealed record WebRtcNegotiatedAudio
{
    /// <summary>Index of the accepted m-line in offer and answer.</summary>
    public required int MediaIndex { get; init; }

    /// <summary>The accepted m-line's mid, or null when the offer had none.</summary>
    public string? Mid { get; init; }

    /// <summary>The offer's payload type for opus/48000/2 (RFC 7587 §7), used in both directions.</summary>
    public required int OpusPayloadType { get; init; }

    /// <summary>The offer's fmtp for Opus (what the browser wants to receive: stereo, maxaveragebitrate, ...), or null.</summary>
    public string? RemoteOpusFormatParameters { get; init; }

    /// <summary>The offer's telephone-event/48000 payload type (RFC 4733 §7.1.1), or null.</summary>
    public int? TelephoneEventPayloadType { get; init; }

    /// <summary>The RTP header extension id of the audio level (RFC 6464), or null when not negotiated.</summary>
    public int? AudioLevelExtensionId { get; init; }

    /// <summary>Remote ICE username fragment.</summary>
    public required string RemoteIceUfrag { get; init; }

    /// <summary>Remote ICE password. Never log it.</summary>
    public required string RemoteIcePwd { get; init; }

    /// <summary>Remote candidates from the offer (values without prefix); with trickle ICE there may be none.</summary>
    public IReadOnlyList<string> RemoteCandidates { get; init; } = [];

    /// <summary>The remote certificate fingerprints; the DTLS handshake must match one of them (RFC 8122 §5).</summary>
    public required IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; init; }

    /// <summary>Our setup role in the answer: <see cref="SdpSetupRole.Passive"/> (DTLS server) or <see cref="SdpSetupRole.Active"/> (client).</summary>
    public required SdpSetupRole LocalSetup { get; init; }

    /// <summary>True when we start the DTLS handshake (<c>a=setup:active</c>).</summary>
    public bool IsDtlsClient => LocalSetup == SdpSetupRole.Active;

    /// <summary>Our direction for the stream as written in the answer.</summary>
    public required MediaDirection Direction { get; init; }

    /// <summary>The browser's audio SSRC from its <c>a=ssrc</c>, or null (it may send without announcing one).</summary>
    public uint? RemoteSsrc { get; init; }

    /// <summary>The browser's <c>a=msid</c> value, or null.</summary>
    public string? RemoteMsid { get; init; }

    /// <summary>The offer asked for reduced-size RTCP (RFC 5506); we do not answer it, so RTCP stays compound both ways.</summary>
    public bool RemoteOfferedRtcpRsize { get; init; }

    /// <summary>The accepted video m-lines (empty when video was not accepted or offered).</summary>
    public IReadOnlyList<WebRtcNegotiatedVideo> Video { get; init; } = [];

    /// <summary>A short description for logs, without the ICE password.</summary>
    public override string ToString() =>
        $"audio m-line {MediaIndex} mid={Mid ?? "-"} opus={OpusPayloadType} te={TelephoneEventPayloadType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} level-ext={AudioLevelExtensionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} setup={LocalSetup.ToAttributeValue()} {Direction.ToAttributeName()} remote-ufrag={RemoteIceUfrag}";
}
