namespace Bridge.WebRtc.Dtls;

/// <summary>
/// Sends one DTLS datagram to the peer through the media socket (the one port shared with STUN and SRTP,
/// RFC 7983). Called on the DTLS endpoint's own thread; it must not block for long and must not throw
/// (a failed UDP send is a lost datagram: DTLS retransmits the flight, RFC 6347 §4.2.4).
/// </summary>
public delegate void DtlsDatagramSender(ReadOnlySpan<byte> datagram);
