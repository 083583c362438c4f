namespace Bridge.Conferencing.Tests.Fakes;

/// <summary>
/// A control queue for IVR logic tests: the test thread is its one consumer, running posted actions one at a time
/// as they arrive (an action posted from inside runs after the current one), so tests stay deterministic with a
/// fake clock. The real queue's threading is tested in <c>SerialQueueTests</c>.
/// </summary>
internal sealed class InlineQueue(Action<Exception> onError) : IControlQueue
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
            catch (Exception ex)
            {
                onError(ex);
            }
        }
    }
}
