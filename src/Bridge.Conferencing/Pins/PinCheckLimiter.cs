namespace Bridge.Conferencing.Pins;

/// <summary>
/// Runs PIN hash checks (PBKDF2, RFC 8018 §5.2: tens of milliseconds of CPU each) with bounded concurrency, so a flood of
/// PIN attempts cannot take the CPU from the mixer threads: at most <see cref="MaxConcurrent"/> checks run at once, at most
/// <see cref="MaxWaiting"/> wait behind them, and an attempt beyond that is refused at once without a check
/// (<see cref="TryRun"/> returns false; the caller hears "not possible at the moment" and may try again: it is not
/// counted as a wrong PIN, since nothing was checked). No thread ever blocks waiting for a slot.
/// </summary>
public sealed class PinCheckLimiter
{
    private readonly Action<Action> _runInBackground;
    private readonly Queue<Action> _waiting = new();
    private readonly Lock _lock = new();
    private int _running;
    private long _refused;

    /// <summary>Creates a limiter; <paramref name="runInBackground"/> starts a worker (the thread pool, or a test's runner).</summary>
    public PinCheckLimiter(int maxConcurrent, int maxWaiting, Action<Action> runInBackground)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWaiting);
        ArgumentNullException.ThrowIfNull(runInBackground);
        MaxConcurrent = maxConcurrent;
        MaxWaiting = maxWaiting;
        _runInBackground = runInBackground;
    }

    /// <summary>The default concurrency: half the cores, at least one, so the mixer threads keep the other half.</summary>
    public static int DefaultConcurrency => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Checks that may run at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Checks that may wait for a slot; more are refused.</summary>
    public int MaxWaiting { get; }

    /// <summary>Checks running now.</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Checks waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Attempts refused so far because every slot and waiting place was taken.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Runs <paramref name="check"/> now or when a slot frees; false (and nothing runs) when too many already wait.</summary>
    public bool TryRun(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        lock (_lock)
        {
            if (_running >= MaxConcurrent)
            {
                if (_waiting.Count >= MaxWaiting)
                {
                    Interlocked.Increment(ref _refused);
                    return false;
                }

                _waiting.Enqueue(check);
                return true;
            }

            _running++;
        }

        _runInBackground(() => Work(check));
        return true;
    }

    /// <summary>One worker: runs its check, then whatever waits, and gives its slot back when nothing does.</summary>
    private void Work(Action first)
    {
        var next = first;
        while (true)
        {
            try
            {
                next();
            }
            catch (Exception)
            {
                // A failing check must not take its slot with it; the check itself reports its own errors.
            }

            lock (_lock)
            {
                if (!_waiting.TryDequeue(out next!))
                {
                    _running--;
                    return;
                }
            }
        }
    }
}
