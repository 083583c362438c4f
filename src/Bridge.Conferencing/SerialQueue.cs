using System.Collections.Concurrent;

namespace Bridge.Conferencing;

/// <summary>
/// The conference's own thread (docs/architecture.md §3 "threads and who owns what"): posted actions run one at a time,
/// in order, on one dedicated consumer thread, never on the posting thread. All conference state (IVR sessions, rooms) is
/// touched only from here, so it needs no locks; a mixer thread that detects a digit only enqueues it (no lock while the
/// consumer is busy), and an action that posts again (a leg's callback) runs after the current one. The consumer is a
/// thread of its own, not a thread-pool loop: in a join storm the pool is short of threads (issue 14) and every wake-up
/// of a pool-run consumer waited for one, so admissions and hang-ups queued behind the pool's thread injection.
/// </summary>
internal sealed class SerialQueue : IControlQueue
{
    private readonly ConcurrentQueue<Action> _actions = new();
    // No spinning before blocking (spinCount 0): SemaphoreSlim spun with sched_yield on every wait, which perf put at
    // 5-6 % of the bridge's CPU with 50 callers in steady state, for a queue that wakes a few times a second (issue 14).
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<Exception> _onError;
    private int _idle;
    private int _completed;

    public SerialQueue(Action<Exception> onError)
    {
        _onError = onError;
        var thread = new Thread(Consume) { IsBackground = true, Name = "conference-queue" };
        thread.Start();
    }

    /// <summary>Ends when <see cref="Complete"/> was called and everything posted before has run.</summary>
    public Task Completion => _completion.Task;

    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Volatile.Read(ref _completed) != 0)
        {
            return;
        }

        _actions.Enqueue(action);
        WakeIfIdle();
    }

    /// <summary>Stops accepting actions; those already posted still run.</summary>
    public void Complete()
    {
        Volatile.Write(ref _completed, 1);
        WakeIfIdle();
    }

    /// <summary>Only the poster that finds the consumer idle wakes it (one release per sleep).</summary>
    private void WakeIfIdle()
    {
        if (Volatile.Read(ref _idle) == 1 && Interlocked.CompareExchange(ref _idle, 0, 1) == 1)
        {
            _wake.Set();
        }
    }

    private void Consume()
    {
        while (true)
        {
            while (_actions.TryDequeue(out Action? next))
            {
                try
                {
                    next();
                }
#pragma warning disable CA1031 // one faulty callback must not stop the conference control loop
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _onError(ex);
                }
            }

            Volatile.Write(ref _idle, 1);
            if (_actions.IsEmpty && Volatile.Read(ref _completed) != 0)
            {
                break;
            }

            if ((!_actions.IsEmpty || Volatile.Read(ref _completed) != 0) && Interlocked.CompareExchange(ref _idle, 0, 1) == 1)
            {
                continue; // posted while going idle, and nobody released: take it back and run
            }

            _wake.Wait(); // a poster (or Complete) took the idle flag and sets once
            _wake.Reset(); // before draining: a post after this point finds the consumer busy or sets again
        }

        _completion.TrySetResult();
    }
}
