namespace Bridge.Sdp.WebRtc;

/// <summary>The <c>a=setup</c> attribute (RFC 4145 §4, used for DTLS by RFC 5763 §5).</summary>
public enum SdpSetupRole
{
    /// <summary><c>active</c>: this side starts the DTLS handshake (DTLS client).</summary>
    Active,

    /// <summary><c>passive</c>: this side waits for the handshake (DTLS server).</summary>
    Passive,

    /// <summary><c>actpass</c>: either; an offerer writes this and the answerer picks (RFC 5763 §5).</summary>
    ActPass,

    /// <summary><c>holdconn</c>: no connection for now; this bridge refuses it.</summary>
    HoldConn,
}
