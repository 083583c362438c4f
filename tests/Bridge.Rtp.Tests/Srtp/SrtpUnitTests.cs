using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>Index estimation (RFC 3711 Appendix A), the replay window (§3.3.2) and header parsing.</summary>
public sealed class SrtpUnitTests
{
    [Theory]
    [InlineData(0x0_0005UL, (ushort)6, 0x0_0006UL)]          // in order
    [InlineData(0x0_FFFFUL, (ushort)0, 0x1_0000UL)]          // wrap: ROC + 1
    [InlineData(0x0_FFF0UL, (ushort)10, 0x1_000AUL)]         // wrap with a gap
    [InlineData(0x1_0003UL, (ushort)0xFFFE, 0x0_FFFEUL)]     // late packet from before the wrap: ROC - 1
    [InlineData(0x1_8000UL, (ushort)0x0001, 0x1_0001UL)]     // s_l = 32768 exactly: same ROC
    [InlineData(0x1_8001UL, (ushort)0x0000, 0x2_0000UL)]     // s_l - 32768 > SEQ: ROC + 1
    [InlineData(0x1_4000UL, (ushort)0xC001, 0x0_C001UL)]     // SEQ - s_l > 32768: ROC - 1
    [InlineData(0x1_4000UL, (ushort)0xC000, 0x1_C000UL)]     // SEQ - s_l = 32768: same ROC
    public void IndexEstimationFollowsAppendixA(ulong highest, ushort seq, ulong expected)
    {
        Assert.True(SrtpPacketIndex.TryEstimate(highest, seq, out var index));
        Assert.Equal(expected, index);
    }

    [Fact]
    public void IndexEstimationRefusesToGoBelowZeroOrPast48Bits()
    {
        Assert.False(SrtpPacketIndex.TryEstimate(0x0_0010, 0xF000, out _));
        Assert.False(SrtpPacketIndex.TryEstimate(SrtpPacketIndex.Max, 0x0001, out _));
    }

    [Fact]
    public void ReplayWindowTracksSixtyFourIndices()
    {
        var window = default(SrtpReplayWindow);
        Assert.False(window.IsReplay(1000));
        window.Accept(1000);
        Assert.True(window.IsReplay(1000));
        Assert.False(window.IsReplay(999));
        Assert.False(window.IsReplay(1001));
        window.Accept(1100); // jump further than the window
        Assert.True(window.IsReplay(1000));
        Assert.False(window.IsReplay(1037));
        Assert.True(window.IsReplay(1036));
        window.Accept(1037);
        Assert.True(window.IsReplay(1037));
        window.Accept(1101);
        Assert.True(window.IsReplay(1037));
        Assert.True(window.IsReplay(1100));
        Assert.False(window.IsReplay(1099));
        Assert.Equal(1101UL, window.Highest);
    }

    [Theory]
    [InlineData("800000010000000000000001", 12)]
    [InlineData("82000001000000000000000100000002 00000003", 20)]
    [InlineData("900000010000000000000001BEDE0001AABBCCDD", 20)]
    public void HeaderLengthCoversCsrcsAndExtension(string hex, int expected)
    {
        Assert.True(SrtpRtpHeader.TryGetLength(Hex.Parse(hex), out var length));
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData("8000000100000000000000")]                   // 11 octets
    [InlineData("400000010000000000000001")]                 // version 1
    [InlineData("810000010000000000000001")]                 // CSRC missing
    [InlineData("900000010000000000000001BEDE")]             // extension header cut
    [InlineData("900000010000000000000001BEDE0002AABBCCDD")] // extension body cut
    public void MalformedHeadersAreRefused(string hex)
    {
        Assert.False(SrtpRtpHeader.TryGetLength(Hex.Parse(hex), out _));
    }
}
