using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// A leg sizes its jitter buffer's slots to its codec's 20 ms frame (<see cref="JitterBufferOptions.InitialSlotSize"/>): a
/// G.711 call holds 64 × 160 octets, and a longer ptime still grows the slots once without losing what is buffered.
/// </summary>
public sealed class JitterBufferInitialSlotTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Slots_start_at_the_given_size_and_hold_a_20_ms_G711_frame_without_growing()
    {
        var buffer = new JitterBuffer(8000, _time, new JitterBufferOptions { InitialSlotSize = 160 });
        Assert.Equal(160, buffer.SlotSize);
        var output = new byte[1500];
        int played = 0;
        for (int i = 0; i < 50; i++)
        {
            Assert.True(buffer.Put(Payload(160, (byte)i), (ushort)i, (uint)(i * 160), 7, 0, false));
            _time.Advance(TimeSpan.FromMilliseconds(20));
            if (buffer.Get(output, out JitterFrame frame) == JitterBufferResult.Frame)
            {
                Assert.Equal(160, frame.Length);
                played++;
            }
        }

        Assert.Equal(0, buffer.SlotGrowths);
        Assert.Equal(160, buffer.SlotSize);
        Assert.True(played >= 45, $"only {played} of 50 frames played");
    }

    [Fact]
    public void A_30_ms_packet_grows_160_octet_slots_once_to_256()
    {
        var buffer = new JitterBuffer(8000, _time, new JitterBufferOptions { InitialSlotSize = 160 });
        Assert.True(buffer.Put(Payload(160, 1), 1, 0, 7, 0, false));
        Assert.True(buffer.Put(Payload(240, 2), 2, 160, 7, 0, false));
        Assert.Equal(256, buffer.SlotSize);
        Assert.Equal(1, buffer.SlotGrowths);

        var output = new byte[1500];
        var lengths = new List<int>();
        for (int i = 0; i < 20 && lengths.Count < 2; i++)
        {
            if (buffer.Get(output, out JitterFrame frame) == JitterBufferResult.Frame)
            {
                lengths.Add(frame.Length);
                Assert.Equal(lengths.Count, output[frame.Length - 1]);
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal([160, 240], lengths);
    }

    [Fact]
    public void An_initial_size_below_one_octet_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(8000, _time, new JitterBufferOptions { InitialSlotSize = 0 }));

    private static byte[] Payload(int length, byte value)
    {
        var payload = new byte[length];
        Array.Fill(payload, value);
        return payload;
    }
}
