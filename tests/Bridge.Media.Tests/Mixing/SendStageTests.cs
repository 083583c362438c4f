using System.Diagnostics;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// The mixer threads' send stage: payloads leave on the stage's thread, in tick order; a departure or a room's removal is
/// acknowledged only after the payloads queued before it are out; a port is never written by two threads at once, even
/// when its leg moves between rooms of different threads; a batch over 100 ms late is dropped with its departures still run.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SendStageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>A started engine whose threads always send through their stage, however few payloads a tick has.</summary>
    private static MixerEngine Staged(int threads)
    {
        var engine = new MixerEngine(threads, 0, null, stageAbove: 0);
        engine.Start();
        return engine;
    }

    /// <summary>A new room, ticking on <paramref name="engine"/>.</summary>
    private static MixRoom Room(MixerEngine engine, string name)
    {
        var room = new MixRoom(name);
        engine.AddRoom(room);
        return room;
    }

    [Fact]
    public async Task A_thread_sends_inline_until_its_ticks_have_more_than_256_payloads_and_again_once_they_have_fewer_than_192()
    {
        using var engine = new MixerEngine(threadCount: 1);
        engine.Start();
        var room = Room(engine, "growing");
        var first = new RecordingPort();
        room.Join(first);
        await first.WaitForWritesAsync(3);
        Assert.Equal(["mixer-0"], first.WriterThreads);

        var crowd = Enumerable.Range(0, 300).Select(_ => room.Join(new RecordingPort(recordThreads: false))).ToList();
        await first.WaitForWritesAsync(first.Writes + 5);
        Assert.Equal(["mixer-0", "mixer-send-0"], first.WriterThreads);

        foreach (MixParticipant p in crowd.Take(200))
        {
            room.Leave(p);
        }

        await Task.WhenAll(crowd.Take(200).Select(p => p.Gone)).WaitAsync(Timeout);
        var late = new RecordingPort();
        room.Join(late);
        await late.WaitForWritesAsync(5);
        Assert.Equal(["mixer-0"], late.WriterThreads);
    }

    [Fact]
    public async Task Payloads_are_handed_to_ports_on_the_send_thread_not_the_mixer_thread()
    {
        using var engine = Staged(threads: 1);
        var room = Room(engine, "sending");
        var port = new RecordingPort();
        room.Join(port);

        await port.WaitForWritesAsync(10);
        Assert.Equal(["mixer-send-0"], port.WriterThreads);
        Assert.Equal(160, port.LastIncrement);
        Assert.Equal(160, port.LastLength); // one PCMU frame
    }

    [Fact]
    public async Task A_participant_is_gone_only_after_its_last_payload_was_sent_and_none_follows()
    {
        using var engine = Staged(threads: 1);
        var room = Room(engine, "leaving");
        var slow = new RecordingPort(); // joined first: its payload is sent before the leaving one's in every batch
        room.Join(slow);
        for (int round = 0; round < 3; round++)
        {
            var port = new RecordingPort();
            MixParticipant p = room.Join(port);
            port.Participant = p;
            await port.WaitForWritesAsync(2);

            // The send thread is still inside the slow port when the next tick applies the leave: the leaving port's payload
            // of that batch is not out yet, so the participant must not be gone yet.
            await slow.StallNextWriteAsync(TimeSpan.FromMilliseconds(100));
            room.Leave(p);
            await p.Gone.WaitAsync(Timeout);
            int atGone = port.Writes;
            await Task.Delay(150);
            Assert.Equal(atGone, port.Writes);
            Assert.Equal(0, port.WritesAfterGone);
        }
    }

    [Fact]
    public async Task A_room_removal_is_acknowledged_after_its_last_payloads_were_sent()
    {
        using var engine = Staged(threads: 1);
        var room = Room(engine, "removed");
        var ports = Enumerable.Range(0, 10).Select(_ => new RecordingPort()).ToArray();
        MixParticipant[] members = [.. ports.Select(port => room.Join(port))];
        await Task.WhenAll(ports.Select(port => port.WaitForWritesAsync(3)));

        for (int i = 0; i < ports.Length; i++)
        {
            ports[i].Participant = members[i];
        }

        await ports[0].StallNextWriteAsync(TimeSpan.FromMilliseconds(100)); // the others' payloads of that batch wait behind it
        await engine.RemoveRoomAsync(room).WaitAsync(Timeout);
        await Task.WhenAll(members.Select(m => m.Gone)).WaitAsync(Timeout);
        int[] writes = [.. ports.Select(port => port.Writes)];
        await Task.Delay(150); // past the stall
        Assert.Equal(writes, ports.Select(port => port.Writes));
        Assert.All(ports, port => Assert.Equal(0, port.WritesAfterGone));
    }

    [Fact]
    public async Task A_leg_moving_between_rooms_on_two_threads_is_written_by_the_new_thread_only_after_the_old_one_is_done()
    {
        using var engine = Staged(threads: 2);
        var first = Room(engine, "first");
        var second = Room(engine, "second");
        Assert.NotEqual(engine.ThreadIndexOf(first), engine.ThreadIndexOf(second));
        var slowFirst = new RecordingPort();
        var slowSecond = new RecordingPort();
        first.Join(slowFirst);
        second.Join(slowSecond);

        var port = new RecordingPort(slowWrites: true);
        MixParticipant p = first.Join(port);
        port.Participant = p;
        await port.WaitForWritesAsync(2);
        MixRoom from = first, to = second;
        for (int move = 0; move < 6; move++)
        {
            await (from == first ? slowFirst : slowSecond).StallNextWriteAsync(TimeSpan.FromMilliseconds(100));
            MixParticipant next = from.Move(p, to, port);
            await p.Gone.WaitAsync(Timeout);
            port.Participant = next;
            int before = port.Writes;
            await port.WaitForWritesAsync(before + 2);
            p = next;
            (from, to) = (to, from);
        }

        Assert.Equal(0, port.Overlaps);
        Assert.Equal(6, port.WriterSwitches); // once per move: the old thread never wrote again after the new one began
        Assert.Equal(["mixer-send-0", "mixer-send-1"], port.WriterThreads);
    }

    [Fact]
    public async Task A_port_that_throws_is_counted_and_the_others_still_get_their_payloads()
    {
        var errors = new List<(string Room, long Count)>();
        using var engine = new MixerEngine(1, 0, (room, _, count) =>
        {
            lock (errors)
            {
                errors.Add((room, count));
            }
        }, stageAbove: 0);
        engine.Start();
        var room = Room(engine, "throwing");
        var bad = new RecordingPort { Throw = true };
        var good = new RecordingPort();
        room.Join(bad);
        room.Join(good);

        await good.WaitForWritesAsync(10);
        Assert.True(bad.Writes >= 1);
        Assert.True(SpinWait.SpinUntil(() => { lock (errors) { return errors.Count > 0; } }, Timeout));
        lock (errors)
        {
            Assert.Equal("throwing", errors[0].Room);
        }
    }

    [Fact]
    public void A_batch_over_100_ms_late_is_dropped_but_its_departures_still_run()
    {
        var stage = new SendStage(0);
        stage.Start();
        var room = new MixRoom("late");
        var port = new RecordingPort();
        SendBatch batch = stage.Rent();
        batch.Add(room, port, new byte[160], 160);
        var departed = new ManualResetEventSlim();
        batch.Defer(room, departed.Set);
        batch.Deadline = Stopwatch.GetTimestamp() - Stopwatch.Frequency / 5; // 200 ms ago
        stage.Submit(batch);

        SendBatch onTime = stage.Rent();
        onTime.Add(room, port, new byte[80], 160);
        onTime.Deadline = Stopwatch.GetTimestamp();
        stage.Submit(onTime);
        stage.Stop();

        Assert.True(departed.IsSet);
        Assert.Equal(1, stage.Dropped);
        Assert.Equal(1, port.Writes); // only the batch on time
        Assert.Equal(80, port.LastLength);
        Assert.Equal(1, stage.Completion.Count);
    }

    [Fact]
    public void Filling_and_sending_a_reused_batch_allocates_nothing()
    {
        var room = new MixRoom("steady");
        var ports = Enumerable.Range(0, 50).Select(_ => new RecordingPort(recordThreads: false)).ToArray();
        foreach (RecordingPort port in ports)
        {
            room.Join(port);
        }

        var batch = new SendBatch();
        for (int i = 0; i < 20; i++)
        {
            room.Tick(batch);
            batch.Send();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            room.Tick(batch);
            batch.Send();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(ports, port => Assert.Equal(70, port.Writes));
    }

    [Fact]
    public void A_batch_rented_while_the_send_thread_holds_the_others_starts_as_large_as_the_largest()
    {
        var stage = new SendStage(0); // not started: what is submitted stays queued, as behind a send thread that fell behind
        var room = new MixRoom("large");
        var port = new RecordingPort(recordThreads: false);
        var payload = new byte[172];
        SendBatch first = stage.Rent();
        for (int i = 0; i < 1000; i++)
        {
            payload[0] = (byte)i; // each listener's own mix (equal ones in a row are stored once)
            first.Add(room, port, payload, 160);
        }

        stage.Submit(first);
        SendBatch second = stage.Rent();
        Assert.NotSame(first, second);
        Assert.True(second.EntryCapacity >= 1000 && second.ByteCapacity >= 172_000, $"{second.EntryCapacity} entries, {second.ByteCapacity} bytes");

        // Filling it to the same load allocates nothing on the mixer thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            payload[0] = (byte)i;
            second.Add(room, port, payload, 160);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_send_thread_hands_back_batches_with_room_to_grow_and_keeps_spares_so_the_mixer_makes_and_grows_none()
    {
        var stage = new SendStage(0);
        stage.Start();
        try
        {
            var room = new MixRoom("growing");
            var port = new RecordingPort(recordThreads: false);
            var payload = new byte[172];

            // The room's first big ticks: a batch grows while the mixer fills it the first time (nothing sized it yet); each
            // handed back is sized by the send thread from then on.
            for (int tick = 0; tick < 12; tick++)
            {
                SendBatch batch = stage.Rent();
                for (int i = 0; i < 1000; i++)
                {
                    payload[0] = (byte)i; // each listener's own mix (equal ones in a row are stored once)
                    batch.Add(room, port, payload, 160);
                }

                batch.Deadline = Stopwatch.GetTimestamp();
                stage.Submit(batch);
                int sent = (tick + 1) * 1000;
                Assert.True(SpinWait.SpinUntil(() => stage.IsIdle && port.Writes == sent, Timeout), "the send thread did not send the batch");
            }

            long made = stage.MadeByMixer;

            // Then a join storm: the room grows by 40 % while the send thread holds the next ticks' batches (it fell behind).
            // The mixer rents one batch a tick and neither makes nor grows one: they were made and sized on the send thread.
            var held = new List<SendBatch>(3);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int tick = 0; tick < 3; tick++)
            {
                SendBatch batch = stage.Rent();
                for (int i = 0; i < 1400; i++)
                {
                    payload[0] = (byte)i;
                    batch.Add(room, port, payload, 160);
                }

                held.Add(batch);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(made, stage.MadeByMixer);
            Assert.Equal(0, allocated);
            Assert.All(held, b => Assert.True(b.EntryCapacity >= 1400 && b.ByteCapacity >= 1400 * 172, $"{b.EntryCapacity} entries, {b.ByteCapacity} bytes"));
            held.ForEach(stage.Submit);
        }
        finally
        {
            stage.Stop();
        }
    }

    [Fact]
    public async Task Stopping_the_engine_sends_what_was_queued_and_acknowledges_removals()
    {
        var engine = Staged(threads: 1);
        var room = Room(engine, "stopping");
        var port = new RecordingPort();
        room.Join(port);
        Assert.True(SpinWait.SpinUntil(() => port.Writes >= 3, Timeout));
        Task removed = engine.RemoveRoomAsync(room);
        engine.Dispose();
        await removed.WaitAsync(Timeout);
    }

    /// <summary>Records who wrote, how often, whether two writes overlapped, and writes after its leg would have disposed it.</summary>
    private sealed class RecordingPort(bool slowWrites = false, bool recordThreads = true) : IMixerPort
    {
        private readonly Lock _lock = new();
        private readonly HashSet<string> _threads = [];
        private int _writes;
        private int _inside;
        private int _overlaps;
        private int _afterGone;
        private int _switches;
        private string? _lastWriter;
        private volatile TaskCompletionSource? _stalled;
        private long _stallTicks;

        public string CodecName => AudioCodecs.Pcmu;

        internal int Writes => Volatile.Read(ref _writes);

        internal int Overlaps => Volatile.Read(ref _overlaps);

        /// <summary>Writes that came when the participant set in <see cref="Participant"/> was already gone.</summary>
        internal int WritesAfterGone => Volatile.Read(ref _afterGone);

        internal volatile MixParticipant? Participant;

        /// <summary>How often a write came from another thread than the one before.</summary>
        internal int WriterSwitches => Volatile.Read(ref _switches);

        internal int LastIncrement { get; private set; }

        internal int LastLength { get; private set; }

        internal volatile bool Throw;

        internal string[] WriterThreads
        {
            get
            {
                lock (_lock)
                {
                    return [.. _threads.Order()];
                }
            }
        }

        public bool ReadFrame(Span<short> pcm)
        {
            pcm.Clear();
            return true;
        }

        public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0)
            {
                Interlocked.Increment(ref _overlaps);
            }

            if (Participant is { Gone.IsCompleted: true })
            {
                Interlocked.Increment(ref _afterGone);
            }

            if (recordThreads)
            {
                string writer = Thread.CurrentThread.Name ?? "?";
                lock (_lock)
                {
                    _threads.Add(writer);
                    if (_lastWriter is not null && _lastWriter != writer)
                    {
                        _switches++;
                    }

                    _lastWriter = writer;
                }
            }

            LastIncrement = rtpTimestampIncrement;
            LastLength = payload.Length;
            long stall = Interlocked.Exchange(ref _stallTicks, 0);
            if (stall > 0)
            {
                _stalled?.TrySetResult();
                Thread.Sleep(TimeSpan.FromTicks(stall)); // the send thread is held up inside this write
            }

            if (slowWrites)
            {
                Thread.SpinWait(20_000); // long enough for a second writer to be caught overlapping
            }

            Volatile.Write(ref _inside, 0);
            Interlocked.Increment(ref _writes);
            if (Throw)
            {
                throw new InvalidOperationException("port failed");
            }
        }

        /// <summary>Makes the next write take <paramref name="stall"/>; returns once that write has begun.</summary>
        internal Task StallNextWriteAsync(TimeSpan stall)
        {
            var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _stalled = stalled;
            Interlocked.Exchange(ref _stallTicks, stall.Ticks);
            return stalled.Task.WaitAsync(Timeout);
        }

        internal async Task WaitForWritesAsync(int count)
        {
            var watch = Stopwatch.StartNew();
            while (Writes < count)
            {
                Assert.True(watch.Elapsed < Timeout, $"{Writes} of {count} writes within {Timeout}");
                await Task.Delay(5);
            }
        }
    }
}
