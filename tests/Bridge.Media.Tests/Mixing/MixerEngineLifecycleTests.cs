using System.Collections.Concurrent;
using System.Diagnostics;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>Placement by participant load, a lobby per thread, idle threads that block, and tick errors reported off the mixer thread.</summary>
[Collection(TimingCollection.Name)]
public sealed class MixerEngineLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Rooms_go_to_the_thread_with_the_fewest_participants_not_the_fewest_rooms()
    {
        using var engine = new MixerEngine(threadCount: 2);
        var busy = new MixRoom("busy");
        for (int i = 0; i < 6; i++)
        {
            busy.Join(new TestPort(AudioCodecs.Pcmu));
        }

        engine.AddRoom(busy);
        var second = new MixRoom("second");
        engine.AddRoom(second);
        var third = new MixRoom("third");
        third.Join(new TestPort(AudioCodecs.Pcmu));
        engine.AddRoom(third);
        var fourth = new MixRoom("fourth");
        engine.AddRoom(fourth);

        int busyThread = engine.ThreadIndexOf(busy);
        Assert.NotEqual(busyThread, engine.ThreadIndexOf(second));
        Assert.NotEqual(busyThread, engine.ThreadIndexOf(third)); // by room count it would have gone beside "busy"
        Assert.NotEqual(busyThread, engine.ThreadIndexOf(fourth));
    }

    [Fact]
    public void Each_thread_has_its_own_lobby_and_callers_enter_the_least_loaded()
    {
        using var engine = new MixerEngine(threadCount: 2);
        IReadOnlyList<MixRoom> lobbies = engine.CreateLobbies();
        Assert.Equal(2, lobbies.Count);
        Assert.NotEqual(engine.ThreadIndexOf(lobbies[0]), engine.ThreadIndexOf(lobbies[1]));
        Assert.Same(lobbies, engine.CreateLobbies());

        var seen = new HashSet<MixRoom>();
        for (int i = 0; i < 4; i++)
        {
            MixRoom lobby = engine.GetLobby();
            seen.Add(lobby);
            lobby.Join(new TestPort(AudioCodecs.Pcmu));
        }

        Assert.Equal(2, seen.Count);
        Assert.All(lobbies, l => Assert.Equal(2, l.Population));
    }

    [Fact]
    public async Task An_engine_without_participants_does_not_tick_and_wakes_when_one_joins()
    {
        using var engine = new MixerEngine(threadCount: 2);
        engine.CreateLobbies();
        var room = new MixRoom("wake");
        engine.AddRoom(room);
        engine.Start();
        await WaitFor(() => engine.IdleWaits >= 2, "both threads blocked");
        long ticks = engine.GetStats().Ticks;
        await Task.Delay(200); // ten periods in which an idle engine must not tick
        Assert.Equal(ticks, engine.GetStats().Ticks);

        var port = new TestPort(AudioCodecs.Pcmu, 440);
        MixParticipant p = room.Join(port);
        await WaitFor(() => room.Stats.Ticks >= 10, "the room ticks once a participant joins");
        var clock = Stopwatch.StartNew();
        long start = room.Stats.Ticks;
        await WaitFor(() => room.Stats.Ticks >= start + 25, "25 more ticks");
        // Absolute deadlines while active: 25 ticks take about 500 ms (not faster; slower only on a loaded machine).
        Assert.True(clock.ElapsedMilliseconds >= 400, $"25 ticks in {clock.ElapsedMilliseconds} ms");

        long waits = engine.IdleWaits;
        room.Leave(p);
        await p.Gone.WaitAsync(Timeout);
        await WaitFor(() => engine.IdleWaits > waits, "the thread blocks again once the room is empty");
        ticks = engine.GetStats().Ticks;
        await Task.Delay(200);
        Assert.Equal(ticks, engine.GetStats().Ticks);
    }

    [Fact]
    public async Task Exceptions_in_a_tick_are_reported_with_the_room_first_at_once_then_rate_limited()
    {
        var reports = new ConcurrentQueue<(string Room, Exception Error, long Count, int Thread)>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var engine = new MixerEngine(threadCount: 1, onTickError: (room, error, count) =>
        {
            reports.Enqueue((room, error, count, Environment.CurrentManagedThreadId));
            first.TrySetResult();
        });
        var room = new MixRoom("faulty");
        var faulty = new ThrowingPort();
        room.Join(faulty);
        engine.AddRoom(room);
        engine.Start();

        await first.Task.WaitAsync(Timeout);
        await WaitFor(() => faulty.Reads >= 25, "the room keeps ticking despite the exceptions");
        (string name, Exception error, long count, int thread) = Assert.Single(reports); // ~0.5 s of errors, one report
        Assert.Equal("faulty", name);
        Assert.IsType<InvalidOperationException>(error);
        Assert.True(count >= 1);
        Assert.True(room.Stats.PortErrors >= 25);
        Assert.DoesNotContain("mixer", Thread.CurrentThread.Name ?? "", StringComparison.Ordinal);
        Assert.NotEqual(0, thread);
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Timeout, $"not within {Timeout.TotalSeconds} s: {what}");
            await Task.Delay(10);
        }
    }

    private sealed class ThrowingPort : IMixerPort
    {
        private int _reads;

        public string CodecName => AudioCodecs.Pcmu;

        public int Reads => Volatile.Read(ref _reads);

        public bool ReadFrame(Span<short> pcm)
        {
            Interlocked.Increment(ref _reads);
            throw new InvalidOperationException("port failure");
        }

        public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
        {
        }
    }
}
