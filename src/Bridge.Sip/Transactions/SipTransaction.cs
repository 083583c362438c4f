using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>Common part of the four RFC 3261 §17 state machines: key, destination, state, lock and timers.
/// State changes happen under <see cref="Gate"/>; sends and calls to the transaction user happen after it is released.</summary>
internal abstract class SipTransaction
{
    protected SipTransaction(SipTransactionLayer layer, string key, SipRemote peer, SipTransactionState initial)
    {
        Layer = layer;
        Key = key;
        Peer = peer;
        State = initial;
        Reliable = peer.IsReliable;
    }

    protected object Gate { get; } = new();

    protected SipTransactionLayer Layer { get; }

    protected SipTimerOptions Timers => Layer.Timers;

    /// <summary>Transaction table key (RFC 3261 §17.1.3 / §17.2.3).</summary>
    public string Key { get; }

    /// <summary>Where requests (client) or responses (server) are sent.</summary>
    public SipRemote Peer { get; }

    /// <summary>Reliable transports skip retransmissions and use zero wait timers (RFC 3261 §17).</summary>
    public bool Reliable { get; }

    public SipTransactionState State { get; protected set; }

    public SipTransactionError Error { get; protected set; }

    protected SipTransactionTimer NewTimer(Action callback) => new(Layer.Time, callback);

    /// <summary>Sends bytes; a failure becomes <see cref="OnTransportError"/> (RFC 3261 §17.1.4, §17.2.4).</summary>
    protected void Send(ReadOnlyMemory<byte> data)
    {
        var pending = Layer.Channel.SendAsync(data, Peer);
        if (pending.IsCompleted)
        {
            if (!pending.Result)
            {
                OnTransportError();
            }
        }
        else
        {
            _ = AwaitSendAsync(pending);
        }
    }

    private async Task AwaitSendAsync(ValueTask<bool> pending)
    {
        if (!await pending.ConfigureAwait(false))
        {
            OnTransportError();
        }
    }

    protected abstract void OnTransportError();

    /// <summary>Moves to Terminated, stops every timer and removes the transaction from the table.</summary>
    protected void TerminateLocked()
    {
        State = SipTransactionState.Terminated;
        StopTimersLocked();
        ReleaseLocked();
        Layer.Remove(this);
    }

    protected abstract void StopTimersLocked();

    /// <summary>
    /// Lets go of what only retransmissions needed, once nothing can be retransmitted: the session of an answered call keeps
    /// its INVITE transaction for the whole call (issue 14: memory per participant).
    /// </summary>
    protected virtual void ReleaseLocked()
    {
    }
}
