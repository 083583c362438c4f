using System.Net;

namespace Bridge.Rtp;

/// <summary>Receives a STUN or DTLS datagram that arrived on the RTP port (RFC 7983 demultiplexing).</summary>
/// <param name="session">The receiving session.</param>
/// <param name="datagram">The datagram; valid only during the call.</param>
/// <param name="from">The source address; valid only during the call (copy it to keep it).</param>
public delegate void DatagramReceivedHandler(RtpSession session, ReadOnlySpan<byte> datagram, SocketAddress from);
