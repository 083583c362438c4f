namespace Bridge.Sdp.WebRtc;

/// <summary>
/// The DTLS-SRTP values of one SIP m-line (RFC 5763 §5): the peer's fingerprints, its setup role, the role we
/// answer with, and ICE credentials when the phone also does ICE (usually not). <see cref="ToString"/> never shows
/// the ICE password.
/// </summary>
public sealed record DtlsSrtpOffer
{
    /// <summary>The peer's certificate fingerprints.</summary>
    public required IReadOnlyList<SdpFingerprint> RemoteFingerprints { get; init; }

    /// <summary>The setup role the peer offered (absent means active, RFC 4145 §4).</summary>
    public required SdpSetupRole OfferedSetup { get; init; }

    /// <summary>The role we answer with (passive for actpass and active, active for passive).</summary>
    public required SdpSetupRole LocalSetup { get; init; }

    /// <summary>True when we start the DTLS handshake.</summary>
    public bool IsDtlsClient => LocalSetup == SdpSetupRole.Active;

    /// <summary><c>a=rtcp-mux</c> was offered.</summary>
    public bool RtcpMux { get; init; }

    /// <summary>Remote ICE username fragment when present, else null.</summary>
    public string? IceUfrag { get; init; }

    /// <summary>Remote ICE password when present, else null. Never log it.</summary>
    public string? IcePwd { get; init; }

    /// <summary>A short description for logs, without the ICE password.</summary>
    public override string ToString() =>
        $"DTLS-SRTP offer setup={OfferedSetup.ToAttributeValue()} answer={LocalSetup.ToAttributeValue()} fingerprints={RemoteFingerprints.Count}";
}
