using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;
using Bridge.Media.Tones;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// The membership handshake, ticked by hand: changes apply at the start of a tick, a move is one operation (the new
/// room takes the leg only after the old one dropped it), and <see cref="MixParticipant.Gone"/> completes only then.
/// </summary>
public sealed class MixRoomMembershipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Gone_completes_only_when_a_tick_applied_the_leave_and_not_on_the_ticking_thread()
    {
        var room = new MixRoom("gone");
        var port = new CountingReads(AudioCodecs.Pcmu);
        MixParticipant p = room.Join(port);
        room.Tick();
        room.Leave(p);
        Assert.False(p.Gone.IsCompleted);
        Assert.Equal(1, room.Population);

        // The mixer ticks on a dedicated thread, never a pool thread; tick on one here too, so that a pool thread
        // which ran this test earlier and later runs the continuation cannot be mistaken for the ticking thread.
        int ticking = 0;
        int continuation = 0;
        Task after = p.Gone.ContinueWith(_ => continuation = Environment.CurrentManagedThreadId, TaskScheduler.Default);
        var ticker = new Thread(() =>
        {
            ticking = Environment.CurrentManagedThreadId;
            room.Tick();
        });
        ticker.Start();
        Assert.True(ticker.Join(Timeout));
        await p.Gone.WaitAsync(Timeout);
        await after.WaitAsync(Timeout);
        Assert.NotEqual(ticking, continuation);
        Assert.Equal(1, port.Reads); // read once, never after the leave
        Assert.Equal(0, room.Population);
        room.Tick();
        Assert.Equal(1, port.Reads);
    }

    [Fact]
    public async Task A_move_is_one_operation_the_leg_is_never_in_two_rooms_in_one_tick()
    {
        var from = new MixRoom("from");
        var to = new MixRoom("to");
        var port = new CountingReads(AudioCodecs.Pcmu);
        MixParticipant first = from.Join(port);
        from.Tick();
        MixParticipant second = from.Move(first, to, port);

        to.Tick(); // the new room ticks first: it must not take the leg while the old one still has it
        Assert.Equal(1, port.Reads);
        Assert.Equal(0, to.Stats.Participants);
        from.Tick(); // drops it (no read) and admits it to the new room
        Assert.Equal(1, port.Reads);
        await first.Gone.WaitAsync(Timeout);
        Assert.False(second.Gone.IsCompleted);
        to.Tick();
        Assert.Equal(2, port.Reads);
        Assert.Equal(1, to.Stats.Participants);
        Assert.Equal(0, from.Stats.Participants);
    }

    [Fact]
    public async Task A_second_move_before_the_first_applied_waits_for_the_first_room()
    {
        var lobby = new MixRoom("lobby");
        var a = new MixRoom("a");
        var b = new MixRoom("b");
        var port = new CountingReads(AudioCodecs.Pcmu);
        MixParticipant p1 = lobby.Join(port);
        lobby.Tick();
        MixParticipant p2 = lobby.Move(p1, a, port);
        MixParticipant p3 = a.Move(p2, b, port);

        a.Tick(); // p2 is cancelled before it entered a: b must still wait for the lobby to drop p1
        b.Tick();
        Assert.Equal(0, b.Stats.Participants);
        Assert.Equal(1, port.Reads);
        await p2.Gone.WaitAsync(Timeout);
        Assert.False(p1.Gone.IsCompleted);

        lobby.Tick();
        await p1.Gone.WaitAsync(Timeout);
        a.Tick();
        b.Tick();
        Assert.Equal(0, a.Stats.Participants);
        Assert.Equal(1, b.Stats.Participants);
        Assert.Equal(2, port.Reads);
        Assert.False(p3.Gone.IsCompleted);
    }

    [Fact]
    public async Task Leaving_during_a_move_acknowledges_every_participant_of_the_leg()
    {
        var lobby = new MixRoom("lobby");
        var room = new MixRoom("room");
        var port = new CountingReads(AudioCodecs.Pcmu);
        MixParticipant p1 = lobby.Join(port);
        lobby.Tick();
        MixParticipant p2 = lobby.Move(p1, room, port);
        room.Leave(p2); // hang-up while the move is queued
        room.Tick();
        lobby.Tick();
        room.Tick();
        await Task.WhenAll(p1.Gone, p2.Gone).WaitAsync(Timeout);
        Assert.Equal(0, room.Stats.Participants);
        Assert.Equal(0, lobby.Stats.Participants);
        Assert.Equal(1, port.Reads);
    }

    [Fact]
    public async Task Closing_a_room_acknowledges_members_and_refuses_later_joins()
    {
        using var engine = new MixerEngine(threadCount: 1);
        engine.Start();
        var room = new MixRoom("closing");
        engine.AddRoom(room);
        MixParticipant member = room.Join(new CountingReads(AudioCodecs.Pcmu));
        var prompt = new TaskCompletionSource<PromptResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        member.Play(ToneGenerator.CreatePrompt(600, 0, TimeSpan.FromSeconds(10)), r => prompt.TrySetResult(r));
        await engine.RemoveRoomAsync(room).WaitAsync(Timeout);
        await member.Gone.WaitAsync(Timeout);
        Assert.Equal(PromptResult.Stopped, await prompt.Task.WaitAsync(Timeout));
        Assert.True(room.IsClosed);

        MixParticipant late = room.Join(new CountingReads(AudioCodecs.Pcmu));
        await late.Gone.WaitAsync(Timeout);
        Assert.Equal(0, room.Population);
    }

    private sealed class CountingReads(string codec) : IMixerPort
    {
        private int _reads;

        public string CodecName => codec;

        public int Reads => Volatile.Read(ref _reads);

        public bool ReadFrame(Span<short> pcm)
        {
            Interlocked.Increment(ref _reads);
            pcm.Clear();
            return true;
        }

        public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
        {
        }
    }
}
