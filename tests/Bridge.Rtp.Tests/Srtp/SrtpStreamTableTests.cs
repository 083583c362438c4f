using Bridge.Rtp.Srtp;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>The SSRC table of an SRTP context: streams are made as they arrive, up to the capacity, then least recently used is replaced.</summary>
public sealed class SrtpStreamTableTests
{
    [Fact]
    public void HoldsOnlyTheStreamsItWasGiven()
    {
        var table = new SrtpStreamTable(SrtpSession.DefaultMaxStreams);
        Assert.Equal(0, table.Count);

        var first = table.GetOrAdd(0x1111);
        Assert.Same(first, table.GetOrAdd(0x1111));
        table.GetOrAdd(0x2222);

        Assert.Equal(2, table.Count);
        Assert.Equal(0x1111u, table.Find(0x1111)!.Ssrc);
        Assert.Equal(0x2222u, table.Find(0x2222)!.Ssrc);
    }

    [Fact]
    public void APreparedStreamCountsOnlyOnceCommitted()
    {
        var table = new SrtpStreamTable(4);
        table.GetOrAdd(1);

        var prepared = table.Prepare(99); // a packet for a new SSRC that has not authenticated (yet)
        Assert.Null(table.Find(99));
        Assert.Equal(1, table.Count);

        table.Commit(prepared);
        Assert.Same(prepared, table.Find(99));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void WhenFullTheLeastRecentlyUsedStreamIsReplaced()
    {
        var table = new SrtpStreamTable(3);
        table.GetOrAdd(1);
        table.GetOrAdd(2);
        table.GetOrAdd(3);
        Assert.NotNull(table.Find(1)); // 2 is now the least recently used

        table.GetOrAdd(4);

        Assert.Equal(3, table.Count);
        Assert.Null(table.Find(2));
        Assert.NotNull(table.Find(1));
        Assert.NotNull(table.Find(3));
        Assert.NotNull(table.Find(4));

        // The replaced stream's object is reused for the next one: nothing more is made once the table is full.
        table.GetOrAdd(5); // 1 was found before 3 and 4 just above
        Assert.Equal(3, table.Count);
        Assert.Null(table.Find(1));
        Assert.NotNull(table.Find(5));
    }
}
