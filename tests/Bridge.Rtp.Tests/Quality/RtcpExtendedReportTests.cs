using System.Buffers.Binary;
using Bridge.Rtp.Quality;

namespace Bridge.Rtp.Tests.Quality;

public sealed class RtcpExtendedReportTests
{
    private const uint Sender = 0x11111111;
    private const uint OurSsrc = 0x22222222;

    /// <summary>An XR packet (RFC 3611 §2) with an RRTR block (§4.4) first, then a VoIP Metrics block (§4.7) about <paramref name="source"/>.</summary>
    internal static byte[] BuildXr(uint source, byte lossRate, byte discardRate, ushort roundTrip, byte rFactor, byte mosLq, ushort jbNominal)
    {
        var packet = new byte[4 + 4 + 12 + 36];
        packet[0] = 0x80;
        packet[1] = 207;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((packet.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), Sender);
        Span<byte> rrtr = packet.AsSpan(8, 12);
        rrtr[0] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(rrtr[2..], 2);
        Span<byte> voip = packet.AsSpan(20, 36);
        voip[0] = 7;
        BinaryPrimitives.WriteUInt16BigEndian(voip[2..], 8);
        BinaryPrimitives.WriteUInt32BigEndian(voip[4..], source);
        voip[8] = lossRate;
        voip[9] = discardRate;
        BinaryPrimitives.WriteUInt16BigEndian(voip[16..], roundTrip);
        BinaryPrimitives.WriteUInt16BigEndian(voip[18..], 40);
        voip[24] = rFactor;
        voip[25] = 127;
        voip[26] = mosLq;
        voip[27] = 127;
        BinaryPrimitives.WriteUInt16BigEndian(voip[30..], jbNominal);
        return packet;
    }

    [Fact]
    public void ReadsVoipMetricsAfterOtherBlocks()
    {
        byte[] data = BuildXr(OurSsrc, lossRate: 13, discardRate: 3, roundTrip: 85, rFactor: 80, mosLq: 39, jbNominal: 60);
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.Equal(RtcpPacketType.ExtendedReport, packet.PacketType);

        Assert.True(RtcpExtendedReport.TryGetVoipMetrics(packet, OurSsrc, out RtcpVoipMetrics metrics));
        Assert.Equal(13 / 256.0, metrics.LossRate, 6);
        Assert.Equal(3 / 256.0, metrics.DiscardRate, 6);
        Assert.Equal(85, metrics.RoundTripDelayMs);
        Assert.Equal(40, metrics.EndSystemDelayMs);
        Assert.Equal(80, metrics.RFactor);
        Assert.Equal(3.9, metrics.MosListening!.Value, 6);
        Assert.Null(metrics.MosConversational); // 127: unavailable
        Assert.Equal(60, metrics.JitterBufferNominalMs);
    }

    [Fact]
    public void IgnoresBlocksAboutOtherSourcesAndTruncatedBlocks()
    {
        byte[] data = BuildXr(0x33333333, 13, 3, 85, 80, 39, 60);
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out RtcpPacket packet));
        Assert.False(RtcpExtendedReport.TryGetVoipMetrics(packet, OurSsrc, out _));

        // The VoIP block claims 8 words but the packet ends 8 octets early (header length adjusted to stay a valid RTCP packet).
        byte[] truncated = BuildXr(OurSsrc, 13, 3, 85, 80, 39, 60)[..^8];
        BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(2), (ushort)((truncated.Length / 4) - 1));
        reader = new RtcpCompoundReader(truncated);
        Assert.True(reader.TryReadNext(out packet));
        Assert.False(RtcpExtendedReport.TryGetVoipMetrics(packet, OurSsrc, out _));
    }
}
