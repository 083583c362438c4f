namespace Bridge.Media.Mixing;

/// <summary>
/// Runs rooms' ticks: one mixer thread per core (by default), each room on the thread with the fewest rooms.
/// Rooms can be added and removed while running. Dispose stops the threads.
/// </summary>
public sealed class MixerEngine : IDisposable
{
    private readonly MixerThread[] _threads;
    private readonly Lock _lock = new();
    private readonly Dictionary<MixRoom, MixerThread> _placement = [];
    private bool _started;
    private bool _disposed;

    /// <summary>
    /// Creates the engine; <paramref name="threadCount"/> 0 means one thread per core. With
    /// <paramref name="realtimePriority"/> above 0 each thread asks for Linux' SCHED_RR class at that priority when it
    /// starts (see <see cref="RealtimeThreads"/> for whether it got it).
    /// </summary>
    public MixerEngine(int threadCount = 0, int realtimePriority = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threadCount);
        ArgumentOutOfRangeException.ThrowIfNegative(realtimePriority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(realtimePriority, 99);
        int count = threadCount == 0 ? Environment.ProcessorCount : threadCount;
        _threads = new MixerThread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new MixerThread(i, realtimePriority);
        }
    }

    /// <summary>Number of mixer threads.</summary>
    public int ThreadCount => _threads.Length;

    /// <summary>How many threads run in the real-time class (0 before <see cref="Start"/>).</summary>
    public int RealtimeThreads => _threads.Count(t => t.IsRealtime);

    /// <summary>Starts ticking. Idempotent.</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            _started = true;
            foreach (MixerThread thread in _threads)
            {
                thread.Start();
            }
        }
    }

    /// <summary>Adds a room to the least-loaded thread; it ticks from the next deadline on.</summary>
    public void AddRoom(MixRoom room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_placement.ContainsKey(room))
            {
                return;
            }

            MixerThread target = _threads[0];
            foreach (MixerThread thread in _threads)
            {
                if (thread.RoomCount < target.RoomCount)
                {
                    target = thread;
                }
            }

            target.Add(room);
            _placement.Add(room, target);
        }
    }

    /// <summary>Stops ticking a room, ends its participants' prompts (Stopped) and completes its recording.
    /// The room's last tick may still be running when this returns a not-yet-completed task.</summary>
    public Task RemoveRoomAsync(MixRoom room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            if (!_placement.Remove(room, out MixerThread? thread))
            {
                return Task.CompletedTask;
            }

            thread.Remove(room);
        }

        return CloseAfterTickAsync(room);
    }

    /// <summary>Timing across all threads since start.</summary>
    public MixerStats GetStats()
    {
        var duration = new TickHistogram();
        var lateness = new TickHistogram();
        long ticks = 0, overruns = 0, skipped = 0, errors = 0;
        int rooms = 0;
        foreach (MixerThread thread in _threads)
        {
            duration.AddFrom(thread.Duration);
            lateness.AddFrom(thread.Lateness);
            ticks += thread.Ticks;
            overruns += thread.Overruns;
            skipped += thread.Skipped;
            errors += thread.RoomErrors;
            rooms += thread.RoomCount;
        }

        return new MixerStats(_threads.Length, rooms, ticks, overruns, skipped,
            duration.Percentile(0.5), duration.Percentile(0.99), duration.MaxMicros,
            lateness.Percentile(0.5), lateness.Percentile(0.99), lateness.MaxMicros, errors);
    }

    /// <summary>Stops all threads (rooms stay as they are).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (MixerThread thread in _threads)
        {
            thread.Stop();
        }
    }

    private static async Task CloseAfterTickAsync(MixRoom room)
    {
        // A tick that read the old room array may still be running: wait one period before touching state.
        await Task.Delay(AudioFrame.DurationMs * 2).ConfigureAwait(false);
        await room.CloseAsync().ConfigureAwait(false);
    }
}
