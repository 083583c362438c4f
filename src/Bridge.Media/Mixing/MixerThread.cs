using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bridge.Media.Mixing;

/// <summary>
/// One mixer thread: ticks its rooms at absolute 20 ms deadlines (Stopwatch), so jitter does not accumulate; between
/// ticks it sleeps until the deadline (<see cref="DeadlineWait"/>: an absolute kernel sleep on Linux, no spinning). Rooms are added and
/// removed by requests queued to the thread and applied at the start of a tick; a removal is acknowledged (a task
/// completed off this thread) once no tick can touch the room any more. With nothing to mix (no participants, no
/// queued change, no room prompt or recording) the thread blocks until work arrives instead of ticking.
/// <para>A busy thread's tick mixes and encodes but does not send: once a tick has more than <see cref="DefaultStageAbove"/>
/// payloads, each tick's payloads go in one <see cref="SendBatch"/> to the thread's <see cref="SendStage"/>, which hands them
/// to the ports (RTP, SRTP, the socket) while this thread waits for its next deadline. Departures and room removals ride in
/// the batch too, so they are acknowledged only after what was queued before them is sent. Below three quarters of that,
/// and once the stage has sent everything, the thread sends inline again: a few hundred sends fit in a tick, and leave
/// the mixer's real-time thread at once (the stage's wake-up added about 0.1 ms of jitter at 50 callers).</para>
/// </summary>
internal sealed class MixerThread
{
    /// <summary>Payloads per tick above which the thread hands its sends to its stage (about 2 ms of sendto at 8 µs each).</summary>
    internal const int DefaultStageAbove = 256;
    private const int MaxBehindTicks = 5;
    /// <summary>One tick, in Stopwatch ticks.</summary>
    internal static readonly long Period = Stopwatch.Frequency / AudioFrame.FramesPerSecond;
    private readonly int _realtimePriority;
    private readonly ManualResetEventSlim _classChosen = new();
    private readonly ManualResetEventSlim _wake = new();
    private readonly ConcurrentQueue<(MixRoom Room, TaskCompletionSource? Removed)> _requests = new();
    private volatile bool _realtime;
    private readonly Thread _thread;
    private readonly SendStage _send;
    private MixRoom[] _rooms = [];
    /// <summary>The batch this thread fills (null when the thread is not running: removals are then acknowledged at once).</summary>
    private SendBatch? _open;
    private readonly int _stageAbove;
    private readonly int _inlineBelow;
    /// <summary>Whether this tick's sends go to the stage (mixer thread only).</summary>
    private bool _staged;
    private int _lastPayloads;
    private volatile bool _stopping;
    private int _stopped;
    private int _roomCount;
    private long _ticks;
    private long _overruns;
    private long _skipped;
    private long _roomErrors;
    private long _idleWaits;

    /// <param name="index">Thread number, for its name.</param>
    /// <param name="realtimePriority">SCHED_RR priority to ask for (0: stay in the normal class), see <see cref="RealtimeScheduling"/>.</param>
    /// <param name="stageAbove">Payloads per tick above which sends go to the stage (0: always; tests).</param>
    internal MixerThread(int index, int realtimePriority = 0, int stageAbove = DefaultStageAbove)
    {
        _stageAbove = stageAbove;
        _inlineBelow = stageAbove * 3 / 4;
        _realtimePriority = realtimePriority;
        Index = index;
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"mixer-{index}",
            Priority = ThreadPriority.Highest,
        };
        _send = new SendStage(index, niceSteps: realtimePriority > 0 ? 10 : 0);
    }

    internal int Index { get; }

    internal TickHistogram Duration { get; } = new();

    internal TickHistogram Lateness { get; } = new();

    /// <summary>The thread's send stage (completion times, batches behind).</summary>
    internal SendStage Send => _send;

    /// <summary>Rooms placed on this thread (including those whose add is still queued).</summary>
    internal int RoomCount => Volatile.Read(ref _roomCount);

    internal long Ticks => Volatile.Read(ref _ticks);

    internal long Overruns => Volatile.Read(ref _overruns);

    internal long Skipped => Volatile.Read(ref _skipped);

    internal long RoomErrors => Volatile.Read(ref _roomErrors);

    /// <summary>How often the thread blocked because it had nothing to mix.</summary>
    internal long IdleWaits => Volatile.Read(ref _idleWaits);

    /// <summary>Whether the started thread runs in the real-time class.</summary>
    internal bool IsRealtime => _realtime;

    /// <summary>Starts the thread and returns once it has asked for its scheduling class.</summary>
    internal void Start()
    {
        _send.Start();
        _thread.Start();
        _classChosen.Wait();
    }

    internal void Stop()
    {
        _stopping = true;
        _wake.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _send.Stop(); // sends what the last ticks queued and runs their acknowledgements
        Interlocked.Exchange(ref _stopped, 1);
        ApplyStopped(); // removals asked for after the last tick are acknowledged: nothing ticks any more
    }

    /// <summary>Queues a room; it ticks from the next deadline on.</summary>
    internal void Add(MixRoom room)
    {
        Interlocked.Increment(ref _roomCount);
        Request(room, null);
    }

    /// <summary>Queues a room's removal; the task completes (off this thread) once no tick can touch the room.</summary>
    internal Task RemoveAsync(MixRoom room)
    {
        Interlocked.Decrement(ref _roomCount);
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Request(room, removed);
        return removed.Task;
    }

    /// <summary>Work arrived: unblocks an idle thread (cheap when it is not blocked).</summary>
    internal void Wake() => _wake.Set();

    private void Request(MixRoom room, TaskCompletionSource? removed)
    {
        _requests.Enqueue((room, removed));
        if (Volatile.Read(ref _stopped) != 0)
        {
            ApplyStopped();
        }
        else
        {
            _wake.Set();
        }
    }

    private void Run()
    {
        _realtime = RealtimeScheduling.TryEnter(_realtimePriority);
        DeadlineWait.PrepareThread();
        _ = MixerEventSource.Log.IsEnabled(); // made here, not in the tick of the first overrun
        _classChosen.Set();
        _open = _send.Rent();
        long deadline = Stopwatch.GetTimestamp() + Period;
        while (!_stopping)
        {
            ApplyRequests();
            if (IsIdle())
            {
                Flush(); // acknowledgements of the last removals
                _wake.Reset();
                if (IsIdle() && !_stopping)
                {
                    Volatile.Write(ref _idleWaits, _idleWaits + 1);
                    _wake.Wait();
                }

                // Work arrived: tick at once (a join or a prompt is waiting), then keep absolute deadlines again.
                deadline = Stopwatch.GetTimestamp();
                continue;
            }

            WaitUntil(deadline);
            if (_stopping)
            {
                break;
            }

            ChooseSendPath();
            ApplyRequests();
            long start = Stopwatch.GetTimestamp();
            SendBatch batch = _open!;
            batch.Deadline = deadline;
            SendBatch? staged = _staged ? batch : null;
            MixRoom[] rooms = _rooms;
            int payloads = 0;
            for (int i = 0; i < rooms.Length; i++)
            {
                try
                {
                    rooms[i].Tick(staged);
                    payloads += rooms[i].LastTickWrites;
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref _roomErrors);
                    rooms[i].Errors.Report(ex);
                }
            }

            _lastPayloads = payloads;
            Flush();
            long end = Stopwatch.GetTimestamp();
            Lateness.Record(ToMicros(start - deadline));
            Duration.Record(ToMicros(end - start));
            Volatile.Write(ref _ticks, _ticks + 1);
            deadline += Period;
            if (end > deadline)
            {
                Volatile.Write(ref _overruns, _overruns + 1);
                if (MixerEventSource.Log.IsEnabled())
                {
                    MixerEventSource.Log.Overrun(Index, ToMicros(start - (deadline - Period)), ToMicros(end - start));
                }
            }

            if (end - deadline > MaxBehindTicks * Period)
            {
                long behind = (end - deadline) / Period;
                Volatile.Write(ref _skipped, _skipped + behind);
                deadline += behind * Period;
            }
        }

        Flush();
        _open = null;
    }

    /// <summary>
    /// Sends go to the stage once a tick had more than <see cref="_stageAbove"/> payloads, and inline again once it had fewer than
    /// three quarters of that and the stage has sent everything it was given (so no port is written by both, or out of order).
    /// </summary>
    private void ChooseSendPath()
    {
        if (!_staged && (_stageAbove == 0 || _lastPayloads > _stageAbove))
        {
            _staged = true;
        }
        else if (_staged && _lastPayloads < _inlineBelow && _open!.IsEmpty && _send.IsIdle)
        {
            _staged = false;
        }
    }

    /// <summary>Hands the open batch to the send stage when it holds anything, and opens the next.</summary>
    private void Flush()
    {
        if (!_open!.IsEmpty)
        {
            _send.Submit(_open);
            _open = _send.Rent();
        }
    }

    private bool IsIdle()
    {
        if (!_requests.IsEmpty)
        {
            return false;
        }

        foreach (MixRoom room in _rooms)
        {
            if (!room.IsIdle)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Start of a tick (or after the thread stopped): adds and removes queued rooms; acknowledges removals.</summary>
    private void ApplyRequests()
    {
        while (_requests.TryDequeue(out var request))
        {
            int index = Array.IndexOf(_rooms, request.Room);
            if (request.Removed is null)
            {
                if (index < 0)
                {
                    request.Room.Owner = this;
                    Volatile.Write(ref _rooms, [.. _rooms, request.Room]);
                }

                continue;
            }

            if (index >= 0)
            {
                MixRoom[] next = new MixRoom[_rooms.Length - 1];
                Array.Copy(_rooms, 0, next, 0, index);
                Array.Copy(_rooms, index + 1, next, index, next.Length - index);
                Volatile.Write(ref _rooms, next);
                request.Room.Owner = null;
            }

            Acknowledge(request.Room, request.Removed);
        }
    }

    /// <summary>A removal is acknowledged once the room's last payloads are sent: behind them in the open batch, or at once
    /// when the thread no longer runs.</summary>
    private void Acknowledge(MixRoom room, TaskCompletionSource removed)
    {
        if (_staged && _open is { } batch)
        {
            batch.Defer(room, () => removed.TrySetResult());
        }
        else
        {
            removed.TrySetResult();
        }
    }

    private void ApplyStopped()
    {
        lock (_requests)
        {
            ApplyRequests();
        }
    }

    /// <summary>Sleeps until the tick's deadline without spinning where the platform allows it (<see cref="DeadlineWait"/>).</summary>
    private void WaitUntil(long deadline)
    {
        while (!_stopping && !DeadlineWait.Step(deadline))
        {
        }
    }

    internal static long ToMicros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
