using System.Diagnostics;

namespace Bridge.LoadTests;

/// <summary>
/// The generator's sending side for many participants that come and go (the rooms scenario and its join storm): a fixed
/// table of slots and one or two threads, each ticking its half of the slots every 20 ms at absolute deadlines (no drift).
/// Adding or removing a participant only writes its slot; <see cref="RemoveAsync"/> returns once every thread has finished
/// a whole pass without it, so the participant can be disposed. Nothing is allocated per tick.
/// </summary>
internal sealed class SendClock : IDisposable
{
    private readonly SrtpParticipant?[] _slots;
    private readonly Stack<int> _free = new();
    private readonly Thread[] _threads;
    private readonly long[] _passes;
    private int _used;
    private volatile bool _stopping;

    public SendClock(int capacity, int threads)
    {
        _slots = new SrtpParticipant?[capacity];
        for (int i = capacity - 1; i >= 0; i--)
        {
            _free.Push(i);
        }

        _threads = new Thread[threads];
        _passes = new long[threads];
        for (int t = 0; t < threads; t++)
        {
            int index = t;
            _threads[t] = new Thread(() => Run(index)) { IsBackground = true, Name = $"srtp-clock-{t}", Priority = ThreadPriority.AboveNormal };
            _threads[t].Start();
        }
    }

    /// <summary>Gives <paramref name="participant"/> a slot; from the next tick on it sends.</summary>
    public void Add(SrtpParticipant participant)
    {
        int slot;
        lock (_free)
        {
            slot = _free.Count > 0 ? _free.Pop() : throw new InvalidOperationException("the send clock is full");
            if (slot >= _used)
            {
                Volatile.Write(ref _used, slot + 1);
            }
        }

        participant.Slot = slot;
        Volatile.Write(ref _slots[slot], participant);
    }

    /// <summary>Takes <paramref name="participant"/> off its slot and waits until no thread can still be ticking it.</summary>
    public async Task RemoveAsync(SrtpParticipant participant)
    {
        int slot = participant.Slot;
        if (slot < 0)
        {
            return;
        }

        Volatile.Write(ref _slots[slot], null);
        var seen = new long[_passes.Length];
        for (int t = 0; t < seen.Length; t++)
        {
            seen[t] = Volatile.Read(ref _passes[t]);
        }

        for (int t = 0; t < seen.Length; t++)
        {
            while (!_stopping && Volatile.Read(ref _passes[t]) < seen[t] + 2)
            {
                await Task.Delay(10);
            }
        }

        participant.Slot = -1;
        lock (_free)
        {
            _free.Push(slot);
        }
    }

    private void Run(int index)
    {
        int step = _threads.Length;
        long deadline = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            int used = Volatile.Read(ref _used);
            for (int i = index; i < used; i += step)
            {
                Volatile.Read(ref _slots[i])?.Tick();
            }

            Volatile.Write(ref _passes[index], _passes[index] + 1);
            TickDeadline.SleepUntilNext(ref deadline);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }
}
