namespace Bridge.Rtp.Tests;

/// <summary>RFC 6464 levels from RFC 8285 one-byte and two-byte header extensions.</summary>
public sealed class RtpAudioLevelTests
{
    [Theory]
    [InlineData(new byte[] { 0x10, 0xAA, 0, 0 }, 1, 0x2A, true)] // one element: id 1, len 1, V=1 level 42
    [InlineData(new byte[] { 0x00, 0x00, 0x30, 0x7F }, 3, 127, false)] // padding before the element
    [InlineData(new byte[] { 0x22, 1, 2, 3, 0x50, 0x05, 0, 0 }, 5, 5, false)] // behind a 3-octet element
    public void ReadsOneByteElements(byte[] body, int id, int level, bool voice)
    {
        Assert.True(RtpAudioLevel.TryRead(Parse(0xBEDE, body), id, out var read, out var v));
        Assert.Equal((level, voice), (read, v));
    }

    [Fact]
    public void ReadsTwoByteElements()
    {
        Assert.True(RtpAudioLevel.TryRead(Parse(0x1000, [0x07, 0x01, 0x85, 0x00]), 7, out var level, out var voice));
        Assert.Equal((5, true), (level, voice));
    }

    [Theory]
    [InlineData(0xBEDE, new byte[] { 0x20, 0x10, 0, 0 }, 1)] // another id only
    [InlineData(0xBEDE, new byte[] { 0xF0, 0x10, 0, 0 }, 1)] // id 15 stops the reading
    [InlineData(0xBEDE, new byte[] { 0x1F, 0x10, 0, 0 }, 1)] // length past the end
    [InlineData(0x1234, new byte[] { 0x10, 0x10, 0, 0 }, 1)] // unknown profile
    public void RefusesWhatIsNotThere(int profile, byte[] body, int id) =>
        Assert.False(RtpAudioLevel.TryRead(Parse((ushort)profile, body), id, out _, out _));

    [Fact]
    public void APacketWithoutExtensionHasNoLevel()
    {
        byte[] data = [0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9];
        Assert.True(RtpPacket.TryParse(data, out var packet));
        Assert.False(RtpAudioLevel.TryRead(packet, 1, out _, out _));
    }

    private static RtpPacket Parse(ushort profile, byte[] body)
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(false, 111, 1, 960, 42));
        Assert.True(writer.TryWriteExtension(profile, body));
        Assert.True(writer.TryWritePayload([1, 2, 3]));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, writer.Length), out var packet));
        return packet;
    }
}
