using System.Threading.Channels;

namespace Bridge.Conferencing;

/// <summary>
/// The conference's own thread (docs/architecture.md §3 "threads and who owns what"): posted actions run one at a time,
/// in order, on a single consumer loop, never on the posting thread. All conference state (IVR sessions, rooms) is
/// touched only from here, so it needs no locks; a mixer thread that detects a digit only enqueues it, and an action
/// that posts again (a leg's callback) runs after the current one.
/// </summary>
internal sealed class SerialQueue : IControlQueue
{
    private readonly Channel<Action> _actions = Channel.CreateUnbounded<Action>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    private readonly Action<Exception> _onError;

    public SerialQueue(Action<Exception> onError)
    {
        _onError = onError;
        Completion = Task.Factory.StartNew(ConsumeAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Ends when <see cref="Complete"/> was called and everything posted before has run.</summary>
    public Task Completion { get; }

    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Writer.TryWrite(action);
    }

    /// <summary>Stops accepting actions; those already posted still run.</summary>
    public void Complete() => _actions.Writer.TryComplete();

    private async Task ConsumeAsync()
    {
        ChannelReader<Action> reader = _actions.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out Action? next))
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
        }
    }
}
