using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// The hand-off between the socket thread and the jitter buffer's reader is a ring with one producer and one consumer,
/// without a lock: the mixer (real-time) used to wait on a lock held by a preempted socket thread, 77 ms in a join storm.
/// </summary>
public sealed class JitterBufferArrivalTests
{
    private const int Frame = 160;

    [Fact]
    public void A_reader_on_its_own_thread_plays_whole_packets_in_order_while_the_socket_thread_puts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var buffer = new JitterBuffer(8000, time);
        const int packets = 4000;
        long readerSteps = 0;
        long puts = 0;
        var torn = 0;
        var outOfOrder = 0;
        var played = 0;
        Exception? failure = null;

        var socket = new Thread(() =>
        {
            try
            {
                var payload = new byte[Frame];
                for (int i = 0; i < packets; i++)
                {
                    // Keep within two packets of the reader, as a live stream is: each is put when its time has come.
                    while (i > Volatile.Read(ref readerSteps) + 2)
                    {
                        Thread.SpinWait(20);
                    }

                    Fill(payload, i);
                    Assert.True(buffer.Put(payload, unchecked((ushort)(1000 + i)), (uint)(i * Frame), 0x77, 0, false));
                    Volatile.Write(ref puts, i + 1);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });

        var reader = new Thread(() =>
        {
            try
            {
                var output = new byte[1500];
                int last = -1;
                for (int step = 0; step < packets + 50; step++)
                {
                    // A live reader does not run ahead of the stream's clock either.
                    while (Volatile.Read(ref puts) < Math.Min(step, packets) && failure is null)
                    {
                        Thread.SpinWait(20);
                    }

                    if (buffer.Get(output, out JitterFrame frame) == JitterBufferResult.Frame)
                    {
                        int index = (int)(frame.Timestamp / Frame);
                        if (frame.Length != Frame || !IsFilled(output.AsSpan(0, frame.Length), index))
                        {
                            torn++;
                        }

                        if (index <= last)
                        {
                            outOfOrder++;
                        }

                        last = index;
                        played++;
                    }

                    time.Advance(TimeSpan.FromMilliseconds(20));
                    Volatile.Write(ref readerSteps, step + 1);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });

        socket.Start();
        reader.Start();
        Assert.True(socket.Join(TimeSpan.FromSeconds(60)), "the socket thread did not finish");
        Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the reader did not finish");

        // Judged here, on the test thread.
        Assert.Null(failure);
        Assert.Equal(0, torn);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, buffer.ArrivalsDropped);
        Assert.True(played >= packets * 9 / 10, $"played {played} of {packets}");
    }

    [Fact]
    public void A_reader_that_falls_a_ring_behind_loses_the_newest_arrivals_counted_as_overflow_then_takes_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var buffer = new JitterBuffer(8000, time);
        var payload = new byte[Frame];
        for (int i = 0; i < JitterBuffer.ArrivalSlots; i++)
        {
            Assert.True(buffer.Put(payload, (ushort)i, (uint)(i * Frame), 1, 0, false));
        }

        Assert.False(buffer.Put(payload, JitterBuffer.ArrivalSlots, JitterBuffer.ArrivalSlots * Frame, 1, 0, false));
        Assert.Equal(1, buffer.ArrivalsDropped);
        Assert.Equal(1, buffer.GetStatistics().Overflow);

        // The reader's next step takes the whole ring; the socket thread can put again.
        buffer.Get(new byte[1500], out _);
        Assert.Equal(JitterBuffer.ArrivalSlots, buffer.GetStatistics().Buffered + buffer.GetStatistics().Played);
        Assert.True(buffer.Put(payload, JitterBuffer.ArrivalSlots + 1, (JitterBuffer.ArrivalSlots + 1) * Frame, 1, 0, false));
    }

    [Fact]
    public void A_burst_after_a_400_ms_network_stall_is_taken_whole_and_its_newest_packets_play()
    {
        // A Wi-Fi or mobile link that stalls hands over everything it held at once: 20 packets within one tick. The
        // oldest are past their time; the newest are what the caller hears next. A ring that kept only the first eight
        // of them dropped exactly the ones still in time.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var buffer = new JitterBuffer(8000, time);
        var payload = new byte[Frame];
        var output = new byte[1500];
        int sequence = 0;
        for (; sequence < 50; sequence++)
        {
            Assert.True(buffer.Put(payload, (ushort)sequence, (uint)(sequence * Frame), 1, 0, false));
            time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(output, out _);
        }

        for (int tick = 0; tick < 20; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(output, out _); // concealed: nothing arrives
        }

        int burstEnd = sequence + 20;
        for (; sequence < burstEnd; sequence++)
        {
            Assert.True(buffer.Put(payload, (ushort)sequence, (uint)(sequence * Frame), 1, 0, false), $"packet {sequence} of the burst was dropped");
        }

        Assert.Equal(0, buffer.ArrivalsDropped);
        int frames = 0;
        uint newest = 0;
        for (int tick = 0; tick < 10; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            if (buffer.Get(output, out JitterFrame frame) == JitterBufferResult.Frame)
            {
                frames++;
                newest = Math.Max(newest, frame.Timestamp);
            }
        }

        Assert.True(frames >= 3, $"only {frames} frames of the burst's tail played in the next 10 ticks");
        Assert.Equal((uint)((burstEnd - 1) * Frame), newest);
    }

    [Fact]
    public void A_pause_mark_takes_effect_behind_the_packets_put_before_it_and_a_later_packet_lifts_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var output = new byte[1500];

        // Marked after the last packet: once those have played the reader gets Empty, not a concealed Lost.
        var paused = new JitterBuffer(8000, time);
        var unpaused = new JitterBuffer(8000, time);
        for (int i = 0; i < 3; i++)
        {
            paused.Put(new byte[Frame], (ushort)i, (uint)(i * Frame), 1, 0, false);
            unpaused.Put(new byte[Frame], (ushort)i, (uint)(i * Frame), 1, 0, false);
        }

        paused.MarkPause();

        // Marked and then a packet put behind the mark: the mark is lifted again.
        var lifted = new JitterBuffer(8000, time);
        lifted.Put(new byte[Frame], 0, 0, 1, 0, false);
        lifted.MarkPause();
        lifted.Put(new byte[Frame], 1, Frame, 1, 0, false);
        lifted.Put(new byte[Frame], 2, 2 * Frame, 1, 0, false);

        var results = (Paused: new List<JitterBufferResult>(), Unpaused: new List<JitterBufferResult>(), Lifted: new List<JitterBufferResult>());
        for (int step = 0; step < 10; step++)
        {
            results.Paused.Add(paused.Get(output, out _));
            results.Unpaused.Add(unpaused.Get(output, out _));
            results.Lifted.Add(lifted.Get(output, out _));
            time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(3, results.Paused.Count(r => r == JitterBufferResult.Frame));
        Assert.DoesNotContain(JitterBufferResult.Lost, results.Paused);
        Assert.Contains(JitterBufferResult.Lost, results.Unpaused);
        Assert.Contains(JitterBufferResult.Lost, results.Lifted);
    }

    private static void Fill(Span<byte> payload, int index)
    {
        for (int k = 0; k < payload.Length; k++)
        {
            payload[k] = unchecked((byte)((index * 31) + k));
        }
    }

    private static bool IsFilled(ReadOnlySpan<byte> payload, int index)
    {
        for (int k = 0; k < payload.Length; k++)
        {
            if (payload[k] != unchecked((byte)((index * 31) + k)))
            {
                return false;
            }
        }

        return true;
    }
}
