using System.Net;

namespace Bridge.Rtp;

/// <summary>
/// The RTCP component's own non-media traffic (RFC 5764 §4.1): without rtcp-mux a DTLS-SRTP peer runs a second DTLS
/// association on the RTCP port, whose keys protect SRTCP. Its datagrams arrive here instead of
/// <see cref="NonMediaDatagramReceived"/>, and its answers leave from the RTCP port.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>
    /// Receives STUN and DTLS datagrams (RFC 7983) that arrived on the separate RTCP port; when null they go to
    /// <see cref="NonMediaDatagramReceived"/> like those of the RTP port.
    /// </summary>
    public DatagramReceivedHandler? NonMediaRtcpDatagramReceived { get; set; }

    /// <summary>Sends a raw datagram (a DTLS record) from the RTCP port, or from the RTP port with rtcp-mux.</summary>
    public bool SendRtcpDatagram(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return _disposed == 0 && TrySend(_rtcpSocket ?? _rtpSocket, datagram, to);
    }
}
