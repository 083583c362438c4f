using System.Diagnostics;

namespace Bridge.Media.Mixing;

/// <summary>
/// One mixer thread: ticks its rooms at absolute 20 ms deadlines (Stopwatch), sleeping until about a
/// millisecond before the deadline and spinning the rest, so jitter does not accumulate. Rooms are an
/// immutable array swapped on add/remove, so the tick reads it without a lock.
/// </summary>
internal sealed class MixerThread
{
    private const int MaxBehindTicks = 5;
    private static readonly long Period = Stopwatch.Frequency / AudioFrame.FramesPerSecond;
    private static readonly long SpinWindow = Stopwatch.Frequency / 1000 * 3 / 2;
    private readonly int _realtimePriority;
    private readonly ManualResetEventSlim _classChosen = new();
    private volatile bool _realtime;
    private readonly Lock _roomsLock = new();
    private readonly Thread _thread;
    private MixRoom[] _rooms = [];
    private volatile bool _stopping;
    private long _ticks;
    private long _overruns;
    private long _skipped;
    private long _roomErrors;

    /// <param name="index">Thread number, for its name.</param>
    /// <param name="realtimePriority">SCHED_RR priority to ask for (0: stay in the normal class), see <see cref="RealtimeScheduling"/>.</param>
    internal MixerThread(int index, int realtimePriority = 0)
    {
        _realtimePriority = realtimePriority;
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"mixer-{index}",
            Priority = ThreadPriority.Highest,
        };
    }

    internal TickHistogram Duration { get; } = new();

    internal TickHistogram Lateness { get; } = new();

    internal int RoomCount => Volatile.Read(ref _rooms).Length;

    internal long Ticks => Volatile.Read(ref _ticks);

    internal long Overruns => Volatile.Read(ref _overruns);

    internal long Skipped => Volatile.Read(ref _skipped);

    internal long RoomErrors => Volatile.Read(ref _roomErrors);

    /// <summary>Whether the started thread runs in the real-time class.</summary>
    internal bool IsRealtime => _realtime;

    /// <summary>Starts the thread and returns once it has asked for its scheduling class.</summary>
    internal void Start()
    {
        _thread.Start();
        _classChosen.Wait();
    }

    internal void Stop()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _classChosen.Dispose();
    }

    internal void Add(MixRoom room)
    {
        lock (_roomsLock)
        {
            Volatile.Write(ref _rooms, [.. _rooms, room]);
        }
    }

    internal bool Remove(MixRoom room)
    {
        lock (_roomsLock)
        {
            int index = Array.IndexOf(_rooms, room);
            if (index < 0)
            {
                return false;
            }

            MixRoom[] next = new MixRoom[_rooms.Length - 1];
            Array.Copy(_rooms, 0, next, 0, index);
            Array.Copy(_rooms, index + 1, next, index, next.Length - index);
            Volatile.Write(ref _rooms, next);
            return true;
        }
    }

    private void Run()
    {
        _realtime = RealtimeScheduling.TryEnter(_realtimePriority);
        _classChosen.Set();
        long deadline = Stopwatch.GetTimestamp() + Period;
        while (!_stopping)
        {
            WaitUntil(deadline);
            if (_stopping)
            {
                break;
            }

            long start = Stopwatch.GetTimestamp();
            MixRoom[] rooms = Volatile.Read(ref _rooms);
            for (int i = 0; i < rooms.Length; i++)
            {
                try
                {
                    rooms[i].Tick();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref _roomErrors);
                }
            }

            long end = Stopwatch.GetTimestamp();
            Lateness.Record(ToMicros(start - deadline));
            Duration.Record(ToMicros(end - start));
            Volatile.Write(ref _ticks, _ticks + 1);
            deadline += Period;
            if (end > deadline)
            {
                Volatile.Write(ref _overruns, _overruns + 1);
            }

            if (end - deadline > MaxBehindTicks * Period)
            {
                long behind = (end - deadline) / Period;
                Volatile.Write(ref _skipped, _skipped + behind);
                deadline += behind * Period;
            }
        }
    }

    private void WaitUntil(long deadline)
    {
        while (!_stopping)
        {
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > SpinWindow)
            {
                int ms = (int)((remaining - SpinWindow) * 1000 / Stopwatch.Frequency);
                Thread.Sleep(Math.Max(1, ms));
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    private static long ToMicros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
