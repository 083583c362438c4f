namespace Bridge.Rtp.Tests;

public sealed class NtpTimeTests
{
    [Fact]
    public void RoundTripMatchesRfc3550Example()
    {
        // RFC 3550 §6.4.1 figure: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 gives 6.125 s.
        Assert.True(NtpTime.TryComputeRoundTrip(0xB7108000, 0xB7052000, 0x00054000, out TimeSpan rtt));
        Assert.Equal(TimeSpan.FromSeconds(6.125), rtt);
    }

    [Fact]
    public void NoSenderReportMeansNoRoundTrip() => Assert.False(NtpTime.TryComputeRoundTrip(0xB7108000, 0, 0, out _));

    [Fact]
    public void ConvertsWallclockToNtp()
    {
        // 1970-01-01 is 2,208,988,800 s after the NTP epoch; half a second is fraction 0x80000000.
        ulong ntp = NtpTime.FromDateTimeOffset(new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(500));
        Assert.Equal(2_208_988_800UL, ntp >> 32);
        Assert.Equal(0x80000000UL, ntp & 0xFFFFFFFF);
        Assert.Equal(unchecked((uint)((2_208_988_800UL << 16) | 0x8000)), NtpTime.ToCompact(ntp));
    }

    [Fact]
    public void CompactDurationIsSixteenSixteen() =>
        Assert.Equal(0x00054000u, NtpTime.ToCompactDuration(TimeSpan.FromSeconds(5.25)));

    [Fact]
    public void IntervalIsRandomisedAroundFiveSecondsAndHalvedInitially()
    {
        var random = new Random(3);
        double min = double.MaxValue;
        double max = 0;
        double sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            double t = RtcpInterval.Compute(2, 2, 400, true, 100, initial: false, random).TotalSeconds;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
            sum += t;
        }

        // 5 s × [0.5, 1.5) / (e - 1.5)
        Assert.InRange(min, 2.05, 2.4);
        Assert.InRange(max, 5.8, 6.16);
        Assert.InRange(sum / 1000, 3.9, 4.3);
        Assert.True(RtcpInterval.Compute(2, 2, 400, true, 100, initial: true, random) < TimeSpan.FromSeconds(3.1));
    }

    [Fact]
    public void IntervalGrowsWithMembersOnLowBandwidth()
    {
        // 100 receivers at 100 bytes each over 75 % of 50 bytes/s: 267 s deterministic part.
        TimeSpan t = RtcpInterval.Compute(101, 1, 50, false, 100, initial: false, new Random(1));
        Assert.True(t > TimeSpan.FromSeconds(100));
    }
}
