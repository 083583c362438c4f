using System.Text;

namespace Bridge.Rtp.Tests;

public sealed class RtcpTests
{
    [Fact]
    public void CompoundSenderReportSdesByeRoundTrips()
    {
        var blocks = new[]
        {
            new RtcpReportBlock(0xAAAA0001, 64, 1234, 0x0001FFFF, 80, 0xB7052000, 0x00054000),
            new RtcpReportBlock(0xAAAA0002, 0, -3, 17, 0, 0, 0),
        };
        var info = new RtcpSenderInfo(0xE1234567_89ABCDEF, 160_000, 500, 80_000);
        var buffer = new byte[512];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryWriteSenderReport(0x12345678, info, blocks));
        Assert.True(writer.TryWriteSdesCname(0x12345678, Encoding.UTF8.GetBytes("bridge@example")));
        Assert.True(writer.TryWriteBye([0x12345678], Encoding.UTF8.GetBytes("bye")));
        ReadOnlySpan<byte> compound = buffer.AsSpan(0, writer.Length);
        Assert.Equal(0, compound.Length % 4);
        Assert.True(RtcpCompoundReader.IsValidCompound(compound, allowReducedSize: false));

        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out RtcpPacket sr));
        Assert.Equal(RtcpPacketType.SenderReport, sr.PacketType);
        Assert.Equal(0x12345678u, sr.Ssrc);
        Assert.True(sr.TryGetSenderInfo(out RtcpSenderInfo readInfo));
        Assert.Equal(info, readInfo);
        Assert.Equal(0x456789ABu, readInfo.CompactNtp);
        Assert.Equal(2, sr.ReportBlockCount);
        Assert.True(sr.TryGetReportBlock(0, out RtcpReportBlock b0));
        Assert.True(sr.TryGetReportBlock(1, out RtcpReportBlock b1));
        Assert.False(sr.TryGetReportBlock(2, out _));
        Assert.Equal(blocks[0], b0);
        Assert.Equal(blocks[1], b1);

        Assert.True(reader.TryReadNext(out RtcpPacket sdes));
        Assert.Equal(RtcpPacketType.SourceDescription, sdes.PacketType);
        Assert.True(sdes.TryGetCname(out uint cnameSsrc, out ReadOnlySpan<byte> cname));
        Assert.Equal(0x12345678u, cnameSsrc);
        Assert.Equal("bridge@example", Encoding.UTF8.GetString(cname));

        Assert.True(reader.TryReadNext(out RtcpPacket bye));
        Assert.Equal(RtcpPacketType.Bye, bye.PacketType);
        Assert.True(bye.TryGetByeSsrc(0, out uint byeSsrc));
        Assert.Equal(0x12345678u, byeSsrc);
        Assert.False(bye.TryGetByeSsrc(1, out _));

        Assert.False(reader.TryReadNext(out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void ReceiverReportWithoutBlocksRoundTrips()
    {
        var buffer = new byte[64];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryWriteReceiverReport(7, []));
        Assert.True(writer.TryWriteSdesCname(7, "x"u8));
        Assert.Equal(8 + 12, writer.Length);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, writer.Length));
        Assert.True(reader.TryReadNext(out RtcpPacket rr));
        Assert.Equal(RtcpPacketType.ReceiverReport, rr.PacketType);
        Assert.Equal(7u, rr.Ssrc);
        Assert.Equal(0, rr.ReportBlockCount);
        Assert.False(rr.TryGetSenderInfo(out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SdesCnamePadsToWordBoundaryWithNullTerminator(int cnameLength)
    {
        var buffer = new byte[64];
        var writer = new RtcpCompoundWriter(buffer);
        byte[] cname = Enumerable.Repeat((byte)'a', cnameLength).ToArray();
        Assert.True(writer.TryWriteSdesCname(1, cname));
        Assert.Equal(0, writer.Length % 4);
        int itemEnd = 4 + 4 + 2 + cnameLength;
        Assert.True(writer.Length > itemEnd);
        Assert.Equal(0, buffer[itemEnd]);
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, writer.Length));
        Assert.True(reader.TryReadNext(out RtcpPacket sdes));
        Assert.True(sdes.TryGetCname(out _, out ReadOnlySpan<byte> read));
        Assert.Equal(cnameLength, read.Length);
    }

    [Fact]
    public void SdesReaderWalksSeveralChunks()
    {
        // Two chunks: SSRC 1 with NAME "ab" then CNAME "c"; SSRC 2 with CNAME "de".
        byte[] body =
        [
            0, 0, 0, 1, 2, 2, (byte)'a', (byte)'b', 1, 1, (byte)'c', 0,
            0, 0, 0, 2, 1, 2, (byte)'d', (byte)'e', 0, 0, 0, 0,
        ];
        var reader = new RtcpSdesReader(body, 2);
        Assert.True(reader.TryReadChunk(out uint first));
        Assert.Equal(1u, first);
        Assert.True(reader.TryReadItem(out byte type, out ReadOnlySpan<byte> value));
        Assert.Equal(2, type);
        Assert.Equal("ab", Encoding.ASCII.GetString(value));
        Assert.True(reader.TryReadChunk(out uint second));
        Assert.Equal(2u, second);
        Assert.True(reader.TryReadItem(out type, out value));
        Assert.Equal(RtcpSdesReader.CnameItem, type);
        Assert.Equal("de", Encoding.ASCII.GetString(value));
        Assert.False(reader.TryReadItem(out _, out _));
        Assert.False(reader.TryReadChunk(out _));
    }

    [Fact]
    public void NegativeCumulativeLostKeepsItsSign()
    {
        var buffer = new byte[64];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryWriteReceiverReport(1, [new RtcpReportBlock(2, 0, -0x800000, 0, 0, 0, 0)]));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, writer.Length));
        Assert.True(reader.TryReadNext(out RtcpPacket rr));
        Assert.True(rr.TryGetReportBlock(0, out RtcpReportBlock block));
        Assert.Equal(-0x800000, block.CumulativeLost);
    }

    public static TheoryData<byte[]> MalformedCompounds() => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0x80, 201, 0 },
        // version 1
        new byte[] { 0x40, 201, 0, 1, 0, 0, 0, 1 },
        // length runs past the datagram
        new byte[] { 0x80, 201, 0, 5, 0, 0, 0, 1 },
        // padding on a packet that is not the last
        new byte[] { 0xA0, 201, 0, 1, 0, 0, 0, 4, 0x80, 201, 0, 1, 0, 0, 0, 1 },
        // padding count zero
        new byte[] { 0xA0, 201, 0, 1, 0, 0, 0, 0 },
        // trailing garbage after a valid packet
        new byte[] { 0x80, 201, 0, 1, 0, 0, 0, 1, 0xFF },
    };

    [Theory]
    [MemberData(nameof(MalformedCompounds))]
    public void RejectsMalformedCompounds(byte[] data) => Assert.False(RtcpCompoundReader.IsValidCompound(data));

    [Fact]
    public void StrictModeRequiresReportFirst()
    {
        var buffer = new byte[64];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryWriteBye([1]));
        Assert.False(RtcpCompoundReader.IsValidCompound(buffer.AsSpan(0, writer.Length), allowReducedSize: false));
        Assert.True(RtcpCompoundReader.IsValidCompound(buffer.AsSpan(0, writer.Length), allowReducedSize: true));
    }

    [Fact]
    public void ReportCountLargerThanBodyIsBounded()
    {
        // RR claiming 3 blocks but carrying one.
        var data = new byte[8 + 24];
        data[0] = 0x83;
        data[1] = 201;
        data[3] = (byte)((data.Length / 4) - 1);
        var reader = new RtcpCompoundReader(data);
        Assert.True(reader.TryReadNext(out RtcpPacket rr));
        Assert.Equal(1, rr.ReportBlockCount);
        Assert.False(rr.TryGetReportBlock(1, out _));
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(7);
        var data = new byte[128];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(data);
            data[0] = (byte)((data[0] & 0x3F) | 0x80);
            var reader = new RtcpCompoundReader(data.AsSpan(0, random.Next(data.Length + 1)));
            while (reader.TryReadNext(out RtcpPacket packet))
            {
                packet.TryGetSenderInfo(out _);
                for (int b = 0; b < 32; b++)
                {
                    packet.TryGetReportBlock(b, out _);
                    packet.TryGetByeSsrc(b, out _);
                }

                packet.TryGetCname(out _, out _);
            }
        }
    }
}
