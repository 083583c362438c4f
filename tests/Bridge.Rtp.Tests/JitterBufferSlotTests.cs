using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// The jitter buffer's slots start small and grow for a larger payload without losing what is buffered: a call costs a
/// few KB of slots instead of 64 × 1,500 bytes, and a peer that switches to a longer ptime or a higher Opus rate is not cut.
/// </summary>
public sealed class JitterBufferSlotTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void G711_packets_of_20_ms_need_no_growth_and_the_slots_stay_small()
    {
        var buffer = new JitterBuffer(8000, _time);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(buffer.Put(Payload(160, (byte)i), (ushort)i, (uint)(i * 160), 7, 0, false));
            _time.Advance(TimeSpan.FromMilliseconds(20));
            buffer.Get(new byte[1500], out _);
        }

        Assert.Equal(0, buffer.SlotGrowths);
        Assert.True(buffer.SlotSize <= 256, $"slot size {buffer.SlotSize}");
    }

    [Fact]
    public void A_larger_payload_grows_the_slots_once_and_what_was_buffered_plays_intact()
    {
        var buffer = new JitterBuffer(8000, _time);
        // Four small packets buffered (no time passes, so nothing plays yet), then one of 60 ms (480 bytes).
        for (int i = 0; i < 4; i++)
        {
            Assert.True(buffer.Put(Payload(160, (byte)(10 + i)), (ushort)(100 + i), (uint)(i * 160), 7, 0, false));
        }

        Assert.True(buffer.Put(Payload(480, 99), 104, 4 * 160, 7, 0, false));
        Assert.Equal(1, buffer.SlotGrowths);
        Assert.Equal(512, buffer.SlotSize);
        Assert.True(buffer.Put(Payload(480, 98), 105, (4 * 160) + 480, 7, 0, false));
        Assert.Equal(1, buffer.SlotGrowths);

        var played = new List<(int Length, byte First, byte Last)>();
        var output = new byte[1500];
        for (int i = 0; i < 40 && played.Count < 6; i++)
        {
            if (buffer.Get(output, out JitterFrame frame) == JitterBufferResult.Frame)
            {
                played.Add((frame.Length, output[0], output[frame.Length - 1]));
            }

            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal([(160, 10, 10), (160, 11, 11), (160, 12, 12), (160, 13, 13), (480, 99, 99), (480, 98, 98)], played);
    }

    [Fact]
    public void Beyond_the_configured_maximum_a_payload_is_still_refused()
    {
        var buffer = new JitterBuffer(8000, _time, new JitterBufferOptions { MaxPayloadSize = 300 });
        Assert.True(buffer.Put(Payload(300, 1), 1, 0, 7, 0, false));
        Assert.Equal(300, buffer.SlotSize);
        Assert.False(buffer.Put(Payload(301, 2), 2, 160, 7, 0, false));
    }

    private static byte[] Payload(int length, byte value)
    {
        var payload = new byte[length];
        Array.Fill(payload, value);
        return payload;
    }
}
