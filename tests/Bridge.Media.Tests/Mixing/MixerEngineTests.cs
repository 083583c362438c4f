using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Mixing;

[Collection(TimingCollection.Name)]
public sealed class MixerEngineTests
{
    [Fact]
    public async Task Hundred_G711_participants_tick_every_20_ms_without_overrun()
    {
        AudioCodecs.WarmUp();
        using var engine = new MixerEngine(realtimePriority: 10); // as the service runs it (Bridge:Media:RealtimePriority)
        var rooms = new List<MixRoom>();
        var ports = new List<CountingPort>();
        for (int r = 0; r < 4; r++)
        {
            var room = new MixRoom($"room-{r}");
            for (int i = 0; i < 25; i++)
            {
                var port = new CountingPort(i < 3 ? 300 + (100 * i) : 0, i % 2 == 0 ? AudioCodecs.Pcmu : AudioCodecs.Pcma);
                ports.Add(port);
                room.Join(port);
            }

            rooms.Add(room);
            engine.AddRoom(room);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        engine.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));
        MixerStats stats = engine.GetStats();
        long deadlines = (long)(clock.Elapsed.TotalMilliseconds / AudioFrame.DurationMs);

        double load = LoadPerCore();
        Assert.Equal(4, stats.Rooms);
        Assert.Equal(0, stats.RoomErrors);
        Assert.True(stats.Ticks / stats.Threads <= deadlines + 1, $"{stats} for {deadlines} deadlines");
        if (load < 1.0)
        {
            // A machine with a free core must keep every deadline.
            Assert.True(stats.Overruns == 0, $"{stats} (load per core {load:F1})");
            Assert.True(stats.Ticks / stats.Threads >= deadlines - 3, $"{stats} for {deadlines} deadlines");
            Assert.True(stats.DurationP99Micros < 10_000, stats.ToString());
            Assert.All(ports, p => Assert.InRange(p.Writes, deadlines - 5, deadlines + 1));
        }
        else
        {
            // Starved of CPU by other processes, deadlines slip, but the mixing work itself must stay small
            // and the engine must catch up rather than drift.
            Assert.True(stats.DurationP50Micros < 5_000, $"{stats} (load per core {load:F1})");
            Assert.True((stats.Ticks + stats.SkippedTicks) / stats.Threads >= deadlines * 8 / 10, $"{stats} for {deadlines} deadlines");
        }

        Assert.All(rooms, r => Assert.Equal(3, r.Stats.Talkers));

        await engine.RemoveRoomAsync(rooms[0]);
        int writes = ports[0].Writes;
        await Task.Delay(100);
        Assert.Equal(writes, ports[0].Writes);
        Assert.Equal(3, engine.GetStats().Rooms);
    }

    /// <summary>One-minute load average per core (Linux); 0 where unknown.</summary>
    private static double LoadPerCore()
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return 0;
        }

        string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture) / Environment.ProcessorCount;
    }

    private sealed class CountingPort(double frequency, string codec) : IMixerPort
    {
        private long _offset;
        private int _writes;

        public string CodecName => codec;

        public int Writes => Volatile.Read(ref _writes);

        public bool ReadFrame(Span<short> pcm)
        {
            if (frequency > 0)
            {
                TestTones.Fill(pcm, frequency, 8000, 8000, _offset);
            }
            else
            {
                pcm.Clear();
            }

            _offset += pcm.Length;
            return true;
        }

        public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
        {
            Assert.Equal(160, payload.Length);
            Interlocked.Increment(ref _writes);
        }
    }
}
