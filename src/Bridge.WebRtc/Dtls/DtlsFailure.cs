namespace Bridge.WebRtc.Dtls;

/// <summary>Why a DTLS-SRTP handshake produced no keys.</summary>
public enum DtlsFailure
{
    /// <summary>The handshake did not finish within the deadline (no peer, or too much loss).</summary>
    Timeout,

    /// <summary>The endpoint was disposed before the handshake finished.</summary>
    Stopped,

    /// <summary>The peer's certificate does not hash to the SDP <c>a=fingerprint</c> (RFC 5763 §5).</summary>
    FingerprintMismatch,

    /// <summary>The peer sent no certificate (RFC 5763 §5 requires one from both sides).</summary>
    NoPeerCertificate,

    /// <summary>No common <c>use_srtp</c> protection profile, or the peer sent none (RFC 5764 §4.1.2).</summary>
    NoCommonProfile,

    /// <summary>The peer sent a fatal alert.</summary>
    PeerAlert,

    /// <summary>Any other protocol error (unsupported version, no common cipher suite, a bad signature …).</summary>
    Protocol,
}
