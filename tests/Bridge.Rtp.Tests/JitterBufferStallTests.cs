using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// A sender whose media clock steps back against ours: its capture stalls (or its process is paused) and its RTP timestamps
/// do not advance meanwhile (RFC 3550 §5.1 would have them follow the sampling clock), so every later packet arrives later
/// than the buffer's timing expects. Between the largest delay (200 ms) and the timestamp-jump resync (1 s) such a stream
/// used to be dropped as late for as long as the transit windows remembered the old timing: 10–20 s of silence (in the
/// interop run, a whole echo test). Half a second of late drops with nothing played now re-anchors the buffer.
/// </summary>
public sealed class JitterBufferStallTests
{
    private const int ClockRate = 8000;

    [Theory]
    [InlineData(250)]
    [InlineData(400)]
    [InlineData(700)]
    public void A_sender_stalled_without_advancing_its_timestamps_is_played_again_within_a_second(int stallMs)
    {
        var run = Run(stallMs, burst: false);

        // From one second after the stall on, every playout step yields a frame again.
        Assert.True(run.PlayedAfter == run.StepsAfter, $"stall {stallMs} ms: {run.PlayedAfter} of {run.StepsAfter} steps played; {run.Statistics}");
        Assert.Equal(1, run.Statistics.Resyncs);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(300)]
    public void A_network_spike_with_correct_timestamps_is_absorbed_without_a_resync(int spikeMs)
    {
        var run = Run(spikeMs, burst: true);

        Assert.True(run.PlayedAfter == run.StepsAfter, $"spike {spikeMs} ms: {run.PlayedAfter} of {run.StepsAfter} steps played; {run.Statistics}");
        Assert.Equal(0, run.Statistics.Resyncs);
    }

    [Fact]
    public void A_short_stall_within_the_largest_delay_needs_no_resync()
    {
        var run = Run(100, burst: false);

        Assert.True(run.PlayedAfter == run.StepsAfter, $"{run.PlayedAfter} of {run.StepsAfter} steps played; {run.Statistics}");
        Assert.Equal(0, run.Statistics.Resyncs);
    }

    /// <summary>
    /// 20 ms packets for 8 s; at 1 s the sender stops for <paramref name="pauseMs"/>. Without <paramref name="burst"/> it then
    /// goes on with the next timestamp (its clock now behind); with it, the network held the packets and delivers them at once
    /// with their right timestamps. The buffer is read every 20 ms; steps from one second after the pause on are counted.
    /// </summary>
    private static (int PlayedAfter, int StepsAfter, JitterBufferStatistics Statistics) Run(int pauseMs, bool burst)
    {
        var time = new FakeTimeProvider();
        var buffer = new JitterBuffer(ClockRate, time);
        var payload = new byte[160];
        var destination = new byte[1500];
        var held = new Queue<(ushort Sequence, uint Timestamp)>();
        ushort sequence = 1;
        uint timestamp = 0;
        int played = 0, steps = 0;
        for (int ms = 0; ms < 8000; ms++)
        {
            bool paused = ms >= 1000 && ms < 1000 + pauseMs;
            if (ms % 20 == 0)
            {
                if (!paused)
                {
                    while (held.TryDequeue(out var late))
                    {
                        buffer.Put(payload, late.Sequence, late.Timestamp, 0x5EED0001, 0, false);
                    }

                    buffer.Put(payload, sequence++, timestamp, 0x5EED0001, 0, false);
                    timestamp += 160;
                }
                else if (burst)
                {
                    held.Enqueue((sequence++, timestamp));
                    timestamp += 160;
                }
            }

            if (ms % 20 == 10)
            {
                var result = buffer.Get(destination, out _);
                if (ms >= 2000 + pauseMs)
                {
                    steps++;
                    played += result == JitterBufferResult.Frame ? 1 : 0;
                }
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return (played, steps, buffer.GetStatistics());
    }
}
