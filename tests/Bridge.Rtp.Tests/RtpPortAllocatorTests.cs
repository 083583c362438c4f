using System.Collections.Concurrent;

namespace Bridge.Rtp.Tests;

public sealed class RtpPortAllocatorTests
{
    [Fact]
    public void HandsOutEvenPairsUntilExhausted()
    {
        var allocator = new RtpPortAllocator(20001, 20010);
        Assert.Equal(4, allocator.Capacity); // 20002, 20004, 20006, 20008 (20010 has no odd partner in range)
        var ports = new List<int>();
        while (allocator.TryAllocate(out RtpPortPair pair))
        {
            Assert.Equal(0, pair.RtpPort % 2);
            Assert.Equal(pair.RtpPort + 1, pair.RtcpPort);
            Assert.InRange(pair.RtcpPort, 20001, 20010);
            ports.Add(pair.RtpPort);
        }

        Assert.Equal([20002, 20004, 20006, 20008], ports);
        Assert.Equal(0, allocator.Available);
        Assert.False(allocator.TryAllocate(out _));
    }

    [Fact]
    public void ReleasedPairIsReusedLast()
    {
        var allocator = new RtpPortAllocator(30000, 30005);
        Assert.True(allocator.TryAllocate(out RtpPortPair a));
        Assert.True(allocator.Release(a));
        Assert.False(allocator.Release(a));
        Assert.False(allocator.Release(new RtpPortPair(30001)));
        Assert.False(allocator.Release(new RtpPortPair(40000)));
        Assert.True(allocator.TryAllocate(out RtpPortPair b));
        Assert.True(allocator.TryAllocate(out RtpPortPair c));
        Assert.True(allocator.TryAllocate(out RtpPortPair d));
        Assert.NotEqual(a, b);
        Assert.Equal(a, d);
        Assert.NotEqual(b, c);
    }

    [Fact]
    public void ConcurrentAllocationsAreUniqueAndAllComeBack()
    {
        var allocator = new RtpPortAllocator(10000, 19999);
        var taken = new ConcurrentBag<RtpPortPair>();
        Parallel.For(0, 8, _ =>
        {
            while (allocator.TryAllocate(out RtpPortPair pair))
            {
                taken.Add(pair);
            }
        });

        Assert.Equal(allocator.Capacity, taken.Count);
        Assert.Equal(taken.Count, taken.Distinct().Count());
        Parallel.ForEach(taken, pair => Assert.True(allocator.Release(pair)));
        Assert.Equal(allocator.Capacity, allocator.Available);
    }
}
