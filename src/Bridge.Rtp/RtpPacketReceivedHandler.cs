namespace Bridge.Rtp;

/// <summary>Receives an RTP packet whose payload type is neither the audio nor the event type (e.g. comfort noise).</summary>
/// <param name="session">The receiving session.</param>
/// <param name="packet">The packet; valid only during the call.</param>
public delegate void RtpPacketReceivedHandler(RtpSession session, in RtpPacket packet);
