namespace Bridge.Sdp.WebRtc;

/// <summary>Outcome of <see cref="WebRtcAnswerBuilder"/>.</summary>
public enum WebRtcAnswerStatus
{
    /// <summary>An answer was built; the audio m-line is accepted.</summary>
    Accepted,

    /// <summary>The offer breaks a WebRTC rule (no fingerprint, no ICE credentials, not DTLS, ...).</summary>
    InvalidOffer,

    /// <summary>No audio m-line offers opus/48000/2.</summary>
    NoCommonCodec,

    /// <summary>The offer is valid but asks for something this bridge does not do (holdconn, no rtcp-mux).</summary>
    Refused,
}
