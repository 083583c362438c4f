namespace Bridge.Media.Tests;

public sealed class PcmFifoTests
{
    [Fact]
    public void Reframes_30_ms_packets_into_20_ms_frames_in_order()
    {
        var fifo = new PcmFifo(960);
        short next = 0;
        short expected = 0;
        short[] packet = new short[240];
        short[] frame = new short[160];
        int frames = 0;
        for (int p = 0; p < 20; p++)
        {
            for (int i = 0; i < packet.Length; i++)
            {
                packet[i] = next++;
            }

            fifo.Write(packet);
            while (fifo.TryRead(frame))
            {
                frames++;
                foreach (short s in frame)
                {
                    Assert.Equal(expected++, s);
                }
            }
        }

        Assert.Equal(30, frames);
        Assert.Equal(0, fifo.Count);
    }

    [Fact]
    public void Overflow_drops_the_oldest_samples()
    {
        var fifo = new PcmFifo(4);
        fifo.Write([1, 2, 3]);
        fifo.Write([4, 5, 6]);
        short[] all = new short[4];
        Assert.True(fifo.TryRead(all));
        Assert.Equal([3, 4, 5, 6], all);
        Assert.Equal(2, fifo.Dropped);
        Assert.False(fifo.TryRead(all));
        fifo.Write([1, 2, 3, 4, 5, 6, 7]);
        Assert.True(fifo.TryRead(all));
        Assert.Equal([4, 5, 6, 7], all);
    }
}
