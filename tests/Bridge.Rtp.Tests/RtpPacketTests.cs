namespace Bridge.Rtp.Tests;

public sealed class RtpPacketTests
{
    [Fact]
    public void ParsesKnownHeader()
    {
        // V=2, no P/X, CC=0, M=1, PT=0, seq 0x1234, ts 0xDEADBEEF, SSRC 0x01020304, 3 payload octets.
        byte[] data = [0x80, 0x80, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 0xAA, 0xBB, 0xCC];

        Assert.True(RtpPacket.TryParse(data, out RtpPacket packet));
        Assert.Equal(2, packet.Version);
        Assert.True(packet.Marker);
        Assert.Equal(0, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal(12, packet.HeaderLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, packet.Payload.ToArray());
        Assert.False(packet.HasPadding);
        Assert.False(packet.HasExtension);
    }

    [Fact]
    public void RoundTripsCsrcsExtensionAndPadding()
    {
        uint[] csrcs = [0x11111111, 0x22222222, 0xFFFFFFFF];
        byte[] extension = [0x10, 0xAB, 0x22, 0x01, 0x02, 0x03, 0x00, 0x00]; // RFC 8285 one-byte elements, raw
        byte[] payload = [1, 2, 3, 4, 5];
        var buffer = new byte[200];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(false, 111, 65535, 4_294_967_295, 0xCAFEBABE, csrcs));
        Assert.True(writer.TryWriteExtension(0xBEDE, extension));
        Assert.True(writer.TryWritePayload(payload));
        Assert.True(writer.TryWritePadding(7));
        int length = writer.Length;
        Assert.Equal(12 + 12 + 4 + 8 + 5 + 7, length);

        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out RtpPacket packet));
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(65535, packet.SequenceNumber);
        Assert.Equal(uint.MaxValue, packet.Timestamp);
        Assert.Equal(3, packet.CsrcCount);
        Assert.Equal(0xFFFFFFFFu, packet.GetCsrc(2));
        Assert.Equal(0x22222222u, packet.GetCsrc(1));
        Assert.True(packet.HasExtension);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(extension, packet.ExtensionData.ToArray());
        Assert.True(packet.HasPadding);
        Assert.Equal(7, packet.PaddingLength);
        Assert.Equal(payload, packet.Payload.ToArray());
    }

    [Fact]
    public void KeepsTwoByteExtensionRaw()
    {
        byte[] extension = [0x05, 0x02, 0xAA, 0xBB];
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(true, 8, 1, 2, 3));
        Assert.True(writer.TryWriteExtension(0x1000, extension));
        Assert.True(writer.TryWritePayload([]));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, writer.Length), out RtpPacket packet));
        Assert.Equal(0x1000, packet.ExtensionProfile);
        Assert.Equal(extension, packet.ExtensionData.ToArray());
        Assert.Equal(0, packet.PayloadLength);
    }

    [Fact]
    public void PaddingOnlyPacketHasEmptyPayload()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(false, 0, 1, 2, 3));
        Assert.True(writer.TryWritePadding(4));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, writer.Length), out RtpPacket packet));
        Assert.Equal(0, packet.PayloadLength);
        Assert.Equal(4, packet.PaddingLength);
    }

    public static TheoryData<byte[]> Malformed() => new()
    {
        Array.Empty<byte>(),
        new byte[11],
        // version 1
        new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 },
        // version 0 (STUN would look like this)
        new byte[] { 0x00, 0x01, 0, 0, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0 },
        // CC=2 but only one CSRC present
        new byte[] { 0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4 },
        // X bit but no room for the extension header
        new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE },
        // extension length 2 words but only 1 present
        new byte[] { 0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4 },
        // P bit with a zero padding count
        new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 0 },
        // P bit with a count larger than the packet
        new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 40 },
        // P bit eating into the header
        new byte[] { 0xA0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 13 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RejectsMalformedWithoutThrowing(byte[] data) => Assert.False(RtpPacket.TryParse(data, out _));

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(42);
        var data = new byte[64];
        int parsed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(data);
            int length = random.Next(data.Length + 1);
            if (RtpPacket.TryParse(data.AsSpan(0, length), out RtpPacket packet))
            {
                parsed++;
                Assert.True(packet.HeaderLength + packet.PayloadLength + packet.PaddingLength == length);
            }
        }

        Assert.True(parsed > 0);
    }

    [Fact]
    public void WriterRefusesWhatDoesNotFit()
    {
        var small = new byte[16];
        var writer = new RtpPacketWriter(small);
        Assert.False(writer.TryWritePayload([1]));
        Assert.False(writer.TryWriteHeader(false, 128, 0, 0, 0));
        Assert.True(writer.TryWriteHeader(false, 0, 0, 0, 0));
        Assert.False(writer.TryWriteExtension(0xBEDE, [1, 2, 3]));
        Assert.False(writer.TryWritePayload(new byte[5]));
        Assert.True(writer.TryWritePayload(new byte[4]));
        Assert.False(writer.TryWritePadding(1));
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(223, true)]
    [InlineData(0, false)]
    [InlineData(96, false)]
    [InlineData(224, false)]
    public void DemultiplexesRtcpByPacketType(byte secondOctet, bool rtcp) =>
        Assert.Equal(rtcp, RtpPacket.LooksLikeRtcp([0x80, secondOctet]));
}
