using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

public sealed class JitterBufferTests
{
    private const int Frame = 160;
    private readonly FakeTimeProvider _time = new();
    private readonly byte[] _output = new byte[1500];

    [Fact]
    public void EmptyUntilTargetDelayThenFrames()
    {
        var buffer = new JitterBuffer(8000, _time);
        Assert.Equal(JitterBufferResult.Empty, buffer.Get(_output, out _));
        Put(buffer, 1, 1000, 1);
        Assert.Equal(JitterBufferResult.Empty, buffer.Get(_output, out _));
        for (int i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            Put(buffer, (ushort)(2 + i), (uint)(1000 + ((i + 1) * Frame)), 1);
            if (buffer.Get(_output, out JitterFrame frame) == JitterBufferResult.Frame)
            {
                Assert.Equal(1000u, frame.Timestamp);
                Assert.Equal(Frame, frame.Duration);
                Assert.Equal(1, _output[0]);
                Assert.InRange(i, 0, 2);
                return;
            }
        }

        Assert.Fail("never started");
    }

    [Fact]
    public void ReordersAndDropsDuplicates()
    {
        var buffer = new JitterBuffer(8000, _time);
        Put(buffer, 12, 1000 + (2 * Frame), 12);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Put(buffer, 10, 1000, 10);
        Put(buffer, 11, 1000 + Frame, 11);
        Assert.False(Put(buffer, 11, 1000 + Frame, 11));

        var played = new List<byte>();
        for (int i = 0; i < 20 && played.Count < 3; i++)
        {
            if (buffer.Get(_output, out _) == JitterBufferResult.Frame)
            {
                played.Add(_output[0]);
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal([10, 11, 12], played);
        Assert.Equal(1, buffer.GetStatistics().Duplicates);
    }

    [Fact]
    public void LateAfterPlayoutIsDropped()
    {
        var buffer = new JitterBuffer(8000, _time);
        Put(buffer, 20, 1000, 20);
        Put(buffer, 22, 1000 + (2 * Frame), 22);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(JitterBufferResult.Frame, buffer.Get(_output, out _));
        Assert.Equal(JitterBufferResult.Lost, buffer.Get(_output, out JitterFrame lost));
        Assert.Equal(1000u + Frame, lost.Timestamp);
        Assert.Equal(0, lost.Length);

        // The lost packet shows up after its slot was concealed: dropped, and the target delay rises at once.
        TimeSpan targetBefore = buffer.GetStatistics().TargetDelay;
        Assert.False(Put(buffer, 21, 1000 + Frame, 21));
        Assert.Equal(1, buffer.GetStatistics().Late);
        Assert.True(buffer.GetStatistics().TargetDelay > targetBefore);

        JitterBufferResult result = JitterBufferResult.Empty;
        for (int i = 0; i < 10 && result != JitterBufferResult.Frame; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            result = buffer.Get(_output, out _);
        }

        Assert.Equal(JitterBufferResult.Frame, result);
        Assert.Equal(22, _output[0]);
    }

    [Fact]
    public void PeekShowsTheNextPacketAfterALoss()
    {
        var buffer = new JitterBuffer(8000, _time);
        Put(buffer, 1, 0, 1);
        Put(buffer, 3, 2 * Frame, 3);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(JitterBufferResult.Frame, buffer.Get(_output, out _));
        Assert.Equal(JitterBufferResult.Lost, buffer.Get(_output, out _));
        var peek = new byte[10];
        Assert.True(buffer.TryPeekNext(peek, out JitterFrame next));
        Assert.Equal(3, peek[0]);
        Assert.Equal((uint)(2 * Frame), next.Timestamp);

        // Peeking does not consume.
        Assert.Equal(JitterBufferResult.Frame, buffer.Get(_output, out _));
        Assert.Equal(3, _output[0]);
    }

    [Fact]
    public void SsrcChangeResynchronises()
    {
        var buffer = new JitterBuffer(8000, _time);
        ushort seq = 100;
        uint ts = 5000;
        for (int i = 0; i < 50; i++)
        {
            Put(buffer, seq++, ts, 1, ssrc: 1);
            ts += Frame;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(_output, out _);
        }

        // A new source with unrelated sequence and timestamp (e.g. a DTMF pcap or a transfer).
        seq = 40_000;
        ts = 3_000_000_000;
        int frames = 0;
        int lostOrEmptyAfterStart = 0;
        bool started = false;
        for (int i = 0; i < 50; i++)
        {
            Put(buffer, seq++, ts, 2, ssrc: 2);
            ts += Frame;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            JitterBufferResult result = buffer.Get(_output, out _);
            if (result == JitterBufferResult.Frame)
            {
                Assert.Equal(2, _output[0]);
                started = true;
                frames++;
            }
            else if (started)
            {
                lostOrEmptyAfterStart++;
            }
        }

        Assert.True(frames >= 45, $"frames {frames}");
        Assert.Equal(0, lostOrEmptyAfterStart);
        Assert.Equal(1, buffer.GetStatistics().Resyncs);
        Assert.Equal(0, buffer.GetStatistics().Late);
    }

    [Fact]
    public void TimestampJumpResynchronises()
    {
        var buffer = new JitterBuffer(8000, _time);
        ushort seq = 1;
        uint ts = 0;
        for (int i = 0; i < 20; i++)
        {
            Put(buffer, seq++, ts, 1);
            ts += Frame;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(_output, out _);
        }

        ts += 8000 * 60; // the sender's clock jumps a minute ahead, same SSRC, sequence continues
        int frames = 0;
        for (int i = 0; i < 20; i++)
        {
            Put(buffer, seq++, ts, 2);
            ts += Frame;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            if (buffer.Get(_output, out _) == JitterBufferResult.Frame && _output[0] == 2)
            {
                frames++;
            }
        }

        Assert.True(frames >= 15, $"frames {frames}");
        Assert.Equal(1, buffer.GetStatistics().Resyncs);
    }

    [Fact]
    public void SingleStrayPacketDoesNotResynchronise()
    {
        var buffer = new JitterBuffer(8000, _time);
        ushort seq = 1000;
        uint ts = 0;
        int frames = 0;
        for (int i = 0; i < 60; i++)
        {
            Put(buffer, seq++, ts, 1);
            ts += Frame;
            if (i == 30)
            {
                // A packet from long ago (sequence and timestamp far behind) turns up.
                Assert.False(Put(buffer, (ushort)(seq - 500), ts - (500 * Frame), 9));
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            if (buffer.Get(_output, out _) == JitterBufferResult.Frame)
            {
                Assert.Equal(1, _output[0]);
                frames++;
            }
        }

        Assert.Equal(0, buffer.GetStatistics().Resyncs);
        Assert.True(frames >= 57, $"frames {frames}");
    }

    [Fact]
    public void SilenceBetweenTalkspurtsIsEmptyNotLost()
    {
        var buffer = new JitterBuffer(8000, _time);
        ushort seq = 1;
        uint ts = 0;
        var results = new List<JitterBufferResult>();
        for (int i = 0; i < 150; i++)
        {
            // Talk 1 s, silent (DTX) 1 s, talk 1 s: sequence numbers continue, timestamps jump.
            bool talking = i < 50 || i >= 100;
            if (talking)
            {
                Put(buffer, seq++, ts, 1, marker: i == 100);
            }

            ts += Frame;
            _time.Advance(TimeSpan.FromMilliseconds(20));
            results.Add(buffer.Get(_output, out _));
        }

        int framesInSecondTalk = results.Skip(100).Count(r => r == JitterBufferResult.Frame);
        int lost = results.Count(r => r == JitterBufferResult.Lost);
        Assert.True(framesInSecondTalk >= 48, $"frames {framesInSecondTalk}");
        Assert.True(lost <= 6, $"lost {lost}"); // brief concealment at the end of the first talkspurt only
        Assert.Equal(0, buffer.GetStatistics().Late);
        Assert.Equal(0, buffer.GetStatistics().Resyncs);
    }

    [Fact]
    public void OverflowDropsOldest()
    {
        var buffer = new JitterBuffer(8000, _time, new JitterBufferOptions { Capacity = 8 });
        for (int i = 0; i < 12; i++)
        {
            Put(buffer, (ushort)(1 + i), (uint)(i * Frame), (byte)(1 + i));
        }

        JitterBufferStatistics stats = buffer.GetStatistics();
        Assert.Equal(4, stats.Overflow);
        Assert.Equal(8, stats.Buffered);
        Assert.True(buffer.TryPeekNext(_output, out _));
        Assert.Equal(5, _output[0]);
    }

    [Fact]
    public void OversizedPayloadIsRefused()
    {
        var buffer = new JitterBuffer(8000, _time, new JitterBufferOptions { MaxPayloadSize = 100 });
        Assert.False(buffer.Put(new byte[101], 1, 0, 1, 0, false));
        Assert.True(buffer.Put(new byte[100], 1, 0, 1, 0, false));
    }

    [Fact]
    public void WideBandClockAndSixtyMillisecondPackets()
    {
        var buffer = new JitterBuffer(48000, _time);
        const int frame60 = 48000 * 60 / 1000;
        ushort seq = 65530;
        uint ts = uint.MaxValue - (5 * frame60);
        int frames = 0;
        for (int i = 0; i < 100; i++)
        {
            Put(buffer, seq++, ts, 1);
            ts += frame60;
            _time.Advance(TimeSpan.FromMilliseconds(60));
            if (buffer.Get(_output, out JitterFrame frame) == JitterBufferResult.Frame)
            {
                // The very first packet is played before a second one has shown the packet duration.
                Assert.True(frames == 0 || frame.Duration == frame60, $"duration {frame.Duration}");
                frames++;
            }
        }

        Assert.True(frames >= 97, $"frames {frames}");
    }

    [Fact]
    public async Task ConcurrentPutAndGetKeepOrder()
    {
        var buffer = new JitterBuffer(8000, _time);
        const int count = 20_000;
        using var consumerRunning = new ManualResetEventSlim();
        var producer = Task.Run(() =>
        {
            consumerRunning.Wait();
            var payload = new byte[160];
            for (int i = 0; i < count; i++)
            {
                BitConverter.TryWriteBytes(payload, i);

                // The arrival ring holds eight packets until the reader takes them; a socket's packets wait in the kernel
                // meanwhile, so this producer waits too instead of losing them.
                while (!buffer.Put(payload, unchecked((ushort)i), (uint)(i * Frame), 1, 0, false))
                {
                    Thread.SpinWait(20);
                }

                _time.Advance(TimeSpan.FromMilliseconds(20));
            }
        });
        var consumer = Task.Run(() =>
        {
            var output = new byte[1500];
            int last = -1;
            int frames = 0;
            consumerRunning.Set();
            while (!producer.IsCompleted)
            {
                if (buffer.Get(output, out _) == JitterBufferResult.Frame)
                {
                    int value = BitConverter.ToInt32(output);
                    Assert.True(value > last, $"{value} after {last}");
                    last = value;
                    frames++;
                }
            }

            return frames;
        });

        int frames = await consumer;
        await producer;
        Assert.True(frames > 0);
    }

    [Fact]
    public void FirstVoicePacketAfterMoreThanTheCapacityOfSkippedSilenceIsPlayed()
    {
        // RFC 6464: the receiver skips packets whose level says silence, so after a pause longer than the buffer's 64
        // slots (1.28 s) the first voice packet is far ahead in sequence, yet on time: it must be played, not dropped.
        var buffer = new JitterBuffer(8000, _time);
        ushort seq = 1;
        uint ts = 1000;
        int played = 0;
        for (int i = 0; i < 20; i++, seq++, ts += Frame)
        {
            Assert.True(Put(buffer, seq, ts, 1));
            _time.Advance(TimeSpan.FromMilliseconds(20));
            played += buffer.Get(_output, out _) == JitterBufferResult.Frame ? 1 : 0;
        }

        Assert.InRange(played, 15, 20);
        for (int i = 0; i < 100; i++, seq++, ts += Frame)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20)); // skipped silence: numbered and stamped by the sender, never put
            buffer.Get(_output, out _);
        }

        Assert.True(Put(buffer, seq, ts, 99), "the first voice packet after the pause was dropped");
        for (int i = 1; i < 20; i++)
        {
            if (buffer.Get(_output, out _) == JitterBufferResult.Frame)
            {
                Assert.Equal(99, _output[0]);
                return;
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
            Assert.True(Put(buffer, (ushort)(seq + i), ts + (uint)(i * Frame), 100));
        }

        Assert.Fail("nothing played after the pause");
    }

    // The socket thread's put, then the reader's next step takes it (as it would within a tick): true when it was kept.
    private static bool Put(JitterBuffer buffer, ushort seq, uint ts, byte marker, uint ssrc = 1, bool marker2 = false) =>
        buffer.Put([marker, 0, 0, 0], seq, ts, ssrc, 0, marker2) && buffer.TakeArrivals();

    private static bool Put(JitterBuffer buffer, ushort seq, uint ts, byte content, bool marker) =>
        buffer.Put([content, 0, 0, 0], seq, ts, 1, 0, marker) && buffer.TakeArrivals();
}
