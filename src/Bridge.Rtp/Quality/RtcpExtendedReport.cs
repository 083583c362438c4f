using System.Buffers.Binary;

namespace Bridge.Rtp.Quality;

/// <summary>
/// Reads RTCP XR packets (RFC 3611 §2): a header, the sender's SSRC, then report blocks each with a type, a type-specific
/// byte and a length in 32-bit words minus one. Only the VoIP Metrics block (type 7, §4.7) is read; other blocks are skipped.
/// </summary>
public static class RtcpExtendedReport
{
    /// <summary>Block type of VoIP Metrics (RFC 3611 §4.7).</summary>
    public const byte VoipMetricsBlockType = 7;

    private const int VoipMetricsLength = 36;
    private const byte Unavailable = 127;

    /// <summary>
    /// Finds the VoIP Metrics block about <paramref name="sourceSsrc"/> (our own SSRC: the stream the peer receives) in an XR
    /// packet. False for other packet types, a truncated block, or none about that source.
    /// </summary>
    public static bool TryGetVoipMetrics(in RtcpPacket packet, uint sourceSsrc, out RtcpVoipMetrics metrics)
    {
        metrics = default;
        if (packet.PacketType != RtcpPacketType.ExtendedReport)
        {
            return false;
        }

        ReadOnlySpan<byte> body = packet.Body;
        int offset = 4; // the XR sender's SSRC
        while (offset + 4 <= body.Length)
        {
            byte type = body[offset];
            int length = (BinaryPrimitives.ReadUInt16BigEndian(body[(offset + 2)..]) + 1) * 4;
            if (offset + length > body.Length)
            {
                return false;
            }

            if (type == VoipMetricsBlockType && length >= VoipMetricsLength
                && BinaryPrimitives.ReadUInt32BigEndian(body[(offset + 4)..]) == sourceSsrc)
            {
                metrics = ReadVoipMetrics(body.Slice(offset, VoipMetricsLength));
                return true;
            }

            offset += length;
        }

        return false;
    }

    private static RtcpVoipMetrics ReadVoipMetrics(ReadOnlySpan<byte> block)
    {
        int roundTrip = BinaryPrimitives.ReadUInt16BigEndian(block[16..]);
        int endSystem = BinaryPrimitives.ReadUInt16BigEndian(block[18..]);
        byte r = block[24];
        byte mosLq = block[26];
        byte mosCq = block[27];
        int jbNominal = BinaryPrimitives.ReadUInt16BigEndian(block[30..]);
        return new RtcpVoipMetrics(
            block[8] / 256.0,
            block[9] / 256.0,
            roundTrip == 0 ? null : roundTrip,
            endSystem == 0 ? null : endSystem,
            r == Unavailable ? null : r,
            mosLq == Unavailable ? null : mosLq / 10.0,
            mosCq == Unavailable ? null : mosCq / 10.0,
            jbNominal == 0 ? null : jbNominal);
    }
}
