using Bridge.Rtp.Srtp;

namespace Bridge.WebRtc.Dtls;

/// <summary>
/// The outcome of a DTLS-SRTP handshake: the negotiated suite and the master keys for each direction
/// (RFC 5764 §4.2, from the bridge's point of view: send = to the peer), ready for <see cref="SrtpSession"/>.
/// </summary>
public sealed class DtlsSrtpKeys
{
    internal DtlsSrtpKeys(int protectionProfile, SrtpKeyMaterial send, SrtpKeyMaterial receive, DtlsFingerprint peerFingerprint)
    {
        ProtectionProfile = protectionProfile;
        Send = send;
        Receive = receive;
        PeerFingerprint = peerFingerprint;
    }

    /// <summary>The negotiated suite.</summary>
    public SrtpSuite Suite => Send.Suite;

    /// <summary>The <c>use_srtp</c> protection profile id (RFC 5764 §4.1.2).</summary>
    public int ProtectionProfile { get; }

    /// <summary>Master key and salt that protect what the bridge sends (server_write_* when the bridge is the DTLS server).</summary>
    public SrtpKeyMaterial Send { get; }

    /// <summary>Master key and salt that check what the bridge receives.</summary>
    public SrtpKeyMaterial Receive { get; }

    /// <summary>SHA-256 fingerprint of the certificate the peer presented (it matched the SDP).</summary>
    public DtlsFingerprint PeerFingerprint { get; }

    /// <summary>Creates the SRTP/SRTCP session of these keys.</summary>
    public SrtpSession CreateSession(int maxStreams = SrtpSession.DefaultMaxStreams) => new(Send, Receive, maxStreams);

    /// <summary>Names the suite only: key material never reaches a log.</summary>
    public override string ToString() => $"DtlsSrtpKeys {{ Suite = {Suite} }}";
}
