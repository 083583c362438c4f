namespace Bridge.Rtp;

/// <summary>Receives a valid, unprotected RTCP compound (RFC 3550 §6.1) after the session read its reports.</summary>
/// <param name="session">The receiving session.</param>
/// <param name="compound">The compound; valid only during the call.</param>
public delegate void RtcpCompoundReceivedHandler(RtpSession session, ReadOnlySpan<byte> compound);
