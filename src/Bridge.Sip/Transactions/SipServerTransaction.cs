using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>Server side of RFC 3261 §17.2: holds the request and the last response, resends that response when the
/// request is retransmitted. Responses go to the address chosen by §18.2.2 (<see cref="SipTransaction.Peer"/>).</summary>
internal abstract class SipServerTransaction : SipTransaction
{
    protected SipServerTransaction(SipTransactionLayer layer, string key, SipRequest request, SipRemote source, SipTransactionState initial)
        : base(layer, key, SipTransactionLayer.ResponseDestination(request, source), initial)
    {
        Request = request;
        Source = source;
    }

    public SipRequest Request { get; }

    /// <summary>Where the request came from.</summary>
    public SipRemote Source { get; }

    public SipResponse? LastResponse { get; protected set; }

    protected ReadOnlyMemory<byte> LastResponseBytes { get; set; }

    /// <summary>Bytes held to resend the last response (none once terminated).</summary>
    internal int HeldResponseBytes => LastResponseBytes.Length;

    /// <summary>A terminated transaction resends nothing: the serialized last response goes (the response itself stays,
    /// as the session reads its status).</summary>
    protected override void ReleaseLocked() => LastResponseBytes = default;

    /// <summary>True once a final response was handed to the transport.</summary>
    public bool HasFinalResponse => LastResponse is { StatusCode: >= 200 };

    /// <summary>Sends a response from the transaction user; false when the state no longer accepts it.</summary>
    public abstract bool Respond(SipResponse response);

    /// <summary>The same request arrived again (RFC 3261 §17.2.1, §17.2.2).</summary>
    public abstract void OnRetransmission();

    /// <summary>Resends the last response as-is.</summary>
    protected void ResendLast()
    {
        if (!LastResponseBytes.IsEmpty)
        {
            Send(LastResponseBytes);
        }
    }

    protected override void OnTransportError()
    {
        lock (Gate)
        {
            if (State == SipTransactionState.Terminated)
            {
                return;
            }

            Error = SipTransactionError.TransportError;
            TerminateLocked();
        }

        Layer.User.OnServerTransactionFailed(this, SipTransactionError.TransportError);
    }
}
