namespace Bridge.Conferencing;

/// <summary>
/// Runs posted actions one at a time, in order, on whichever thread posted while the queue was idle.
/// All conference state (IVR sessions, rooms) is touched only from here, so it needs no locks, and an
/// action that calls out (a leg's callback posting again) never re-enters half-done state.
/// </summary>
internal sealed class SerialQueue(Action<Exception> onError)
{
    private readonly Queue<Action> _queue = new();
    private readonly Lock _lock = new();
    private bool _running;

    public void Post(Action action)
    {
        lock (_lock)
        {
            _queue.Enqueue(action);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        while (true)
        {
            Action next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next!))
                {
                    _running = false;
                    return;
                }
            }

            try
            {
                next();
            }
#pragma warning disable CA1031 // one faulty callback must not stop the conference control loop
            catch (Exception ex)
#pragma warning restore CA1031
            {
                onError(ex);
            }
        }
    }
}
