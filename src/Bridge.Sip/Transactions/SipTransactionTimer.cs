namespace Bridge.Sip.Transactions;

/// <summary>One restartable one-shot timer on the injected <see cref="TimeProvider"/>; a callback of a timer that was
/// stopped or restarted meanwhile is ignored (generation check), so state machines never see stale firings.</summary>
internal sealed class SipTransactionTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action _callback;
    private readonly object _gate = new();
    private ITimer? _timer;
    private long _generation;

    public SipTransactionTimer(TimeProvider time, Action callback)
    {
        _time = time;
        _callback = callback;
    }

    /// <summary>Interval of the last start (used for doubling retransmit intervals).</summary>
    public TimeSpan Interval { get; private set; }

    public void Start(TimeSpan due)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            var generation = ++_generation;
            Interval = due;
            _timer = _time.CreateTimer(static state => ((Tick)state!).Fire(), new Tick(this, generation), due, Timeout.InfiniteTimeSpan);
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _generation++;
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    private void FireIfCurrent(long generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            _timer?.Dispose();
            _timer = null;
        }

        _callback();
    }

    private sealed class Tick(SipTransactionTimer owner, long generation)
    {
        public void Fire() => owner.FireIfCurrent(generation);
    }
}
