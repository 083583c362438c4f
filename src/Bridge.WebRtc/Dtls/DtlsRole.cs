namespace Bridge.WebRtc.Dtls;

/// <summary>
/// Which side of the DTLS handshake the bridge takes (RFC 5763 §5, RFC 4145 §4): answering an
/// <c>a=setup:actpass</c> offer with <c>a=setup:passive</c> makes it the server; <c>a=setup:active</c> the client.
/// </summary>
public enum DtlsRole
{
    /// <summary>The bridge waits for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,

    /// <summary>The bridge sends the ClientHello (<c>a=setup:active</c>).</summary>
    Client,
}
