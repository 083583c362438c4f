namespace Bridge.Media.Mixing;

/// <summary>
/// Runs rooms' ticks: one mixer thread per core (by default), each new room on the thread with the fewest
/// participants, and one lobby room per thread (<see cref="CreateLobbies"/>). Rooms can be added and removed while
/// running; a removal is a handshake with the room's thread. Dispose stops the threads.
/// </summary>
public sealed partial class MixerEngine : IDisposable
{
    private readonly MixerThread[] _threads;
    private readonly TickHistogram[] _durations; // the threads' histograms, for reports over all of them
    private readonly TickHistogram[] _latenesses;
    private readonly TickHistogram[] _completions;
    private readonly Lock _lock = new();
    private readonly Dictionary<MixRoom, MixerThread> _placement = [];
    private readonly Action<string, Exception, long>? _onTickError;
    private MixRoom[] _lobbies = [];
    private bool _started;
    private bool _disposed;

    /// <summary>
    /// Creates the engine; <paramref name="threadCount"/> 0 means one thread per core. With
    /// <paramref name="realtimePriority"/> above 0 each thread asks for Linux' SCHED_RR class at that priority when it
    /// starts (see <see cref="RealtimeThreads"/> for whether it got it). <paramref name="onTickError"/> receives, on the
    /// thread pool, exceptions thrown while a room ticks: (room, latest exception, count since the last report), the
    /// first at once and then at most one per 10 s per room.
    /// </summary>
    public MixerEngine(int threadCount = 0, int realtimePriority = 0, Action<string, Exception, long>? onTickError = null)
        : this(threadCount, realtimePriority, onTickError, MixerThread.DefaultStageAbove)
    {
    }

    /// <summary>As the public constructor, with the payloads per tick above which a thread hands its sends to its send stage
    /// (0: always, for tests of the stage).</summary>
    internal MixerEngine(int threadCount, int realtimePriority, Action<string, Exception, long>? onTickError, int stageAbove)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threadCount);
        ArgumentOutOfRangeException.ThrowIfNegative(realtimePriority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(realtimePriority, 99);
        _onTickError = onTickError;
        int count = threadCount == 0 ? Environment.ProcessorCount : threadCount;
        _threads = new MixerThread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new MixerThread(i, realtimePriority, stageAbove);
        }

        _durations = [.. _threads.Select(t => t.Duration)];
        _latenesses = [.. _threads.Select(t => t.Lateness)];
        _completions = [.. _threads.Select(t => t.Send.Completion)];
    }

    /// <summary>Number of mixer threads.</summary>
    public int ThreadCount => _threads.Length;

    /// <summary>How many threads run in the real-time class (0 before <see cref="Start"/>).</summary>
    public int RealtimeThreads => _threads.Count(t => t.IsRealtime);

    /// <summary>How often mixer threads blocked because they had nothing to mix (an idle bridge uses no CPU).</summary>
    public long IdleWaits => _threads.Sum(t => t.IdleWaits);

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

    /// <summary>Adds a room to the thread with the fewest participants (then the fewest rooms); it ticks from the next deadline on.</summary>
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

            Place(room, LeastLoaded());
        }
    }

    /// <summary>
    /// Creates one lobby room per thread (named <paramref name="prefix"/>-n), where callers wait in the IVR; each stays on
    /// its thread. Returns the existing lobbies when called again.
    /// </summary>
    public IReadOnlyList<MixRoom> CreateLobbies(string prefix = "lobby", MixRoomOptions? options = null)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_lobbies.Length == 0)
            {
                var lobbies = new MixRoom[_threads.Length];
                for (int i = 0; i < _threads.Length; i++)
                {
                    lobbies[i] = new MixRoom($"{prefix}-{i}", options);
                    Place(lobbies[i], _threads[i]);
                }

                _lobbies = lobbies;
            }

            return _lobbies;
        }
    }

    /// <summary>The lobby on the thread with the fewest participants (see <see cref="CreateLobbies"/>).</summary>
    public MixRoom GetLobby()
    {
        lock (_lock)
        {
            if (_lobbies.Length == 0)
            {
                throw new InvalidOperationException("No lobbies: call CreateLobbies first.");
            }

            return _lobbies[LeastLoaded().Index];
        }
    }

    /// <summary>
    /// Stops ticking a room: its thread drops it at the start of a tick and acknowledges; then its participants leave
    /// (prompts end as Stopped, <see cref="MixParticipant.Gone"/> completes) and its recording is completed.
    /// </summary>
    public async Task RemoveRoomAsync(MixRoom room)
    {
        ArgumentNullException.ThrowIfNull(room);
        MixerThread? thread;
        lock (_lock)
        {
            if (!_placement.Remove(room, out thread))
            {
                return;
            }
        }

        await thread.RemoveAsync(room).ConfigureAwait(false);
        await room.CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Timing across all threads since start.</summary>
    public MixerStats GetStats()
    {
        long ticks = 0, overruns = 0, skipped = 0, errors = 0, behind = 0, dropped = 0;
        int rooms = 0;
        foreach (MixerThread thread in _threads)
        {
            behind += thread.Send.Behind;
            dropped += thread.Send.Dropped;
            ticks += thread.Ticks;
            overruns += thread.Overruns;
            skipped += thread.Skipped;
            errors += thread.RoomErrors;
            rooms += thread.RoomCount;
        }

        return new MixerStats(_threads.Length, rooms, ticks, overruns, skipped,
            TickHistogram.Percentile(_durations, 0.5), TickHistogram.Percentile(_durations, 0.99), TickHistogram.MaxOf(_durations),
            TickHistogram.Percentile(_latenesses, 0.5), TickHistogram.Percentile(_latenesses, 0.99), TickHistogram.MaxOf(_latenesses), errors,
            TickHistogram.Percentile(_completions, 0.99), behind, dropped);
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

    /// <summary>The index of the thread <paramref name="room"/> is placed on, or -1 (tests, reports).</summary>
    internal int ThreadIndexOf(MixRoom room)
    {
        lock (_lock)
        {
            return _placement.TryGetValue(room, out MixerThread? thread) ? thread.Index : -1;
        }
    }

    private void Place(MixRoom room, MixerThread thread)
    {
        room.Errors.Sink = _onTickError;
        thread.Add(room);
        _placement.Add(room, thread);
    }

    /// <summary>The thread with the fewest participants (joined or on their way in), then the fewest rooms. Under _lock.</summary>
    private MixerThread LeastLoaded()
    {
        Span<int> load = stackalloc int[_threads.Length];
        foreach ((MixRoom room, MixerThread thread) in _placement)
        {
            load[thread.Index] += room.Population;
        }

        MixerThread target = _threads[0];
        for (int i = 1; i < _threads.Length; i++)
        {
            MixerThread thread = _threads[i];
            if (load[i] < load[target.Index] || (load[i] == load[target.Index] && thread.RoomCount < target.RoomCount))
            {
                target = thread;
            }
        }

        return target;
    }
}
