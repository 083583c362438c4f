namespace Bridge.Rtp;

/// <summary>The sender-information section of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="NtpTimestamp">64-bit NTP wallclock time when the report was sent.</param>
/// <param name="RtpTimestamp">The same instant in the sender's RTP timestamp units.</param>
/// <param name="PacketCount">RTP packets sent since the start (or an SSRC change).</param>
/// <param name="OctetCount">Payload octets sent since the start.</param>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>Wire length of the sender information.</summary>
    public const int Length = 20;

    /// <summary>The middle 32 bits of the NTP timestamp, echoed as LSR in reception reports (§6.4.1).</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);
}
