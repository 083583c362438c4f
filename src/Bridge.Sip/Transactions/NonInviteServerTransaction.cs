using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>RFC 3261 §17.2.2 (figure 8): Trying → Proceeding → Completed; Timer J (64*T1, 0 on reliable transports)
/// keeps the final response for retransmitted requests.</summary>
internal sealed class NonInviteServerTransaction : SipServerTransaction
{
    private readonly SipTransactionTimer _timerJ;

    public NonInviteServerTransaction(SipTransactionLayer layer, string key, SipRequest request, SipRemote source)
        : base(layer, key, request, source, SipTransactionState.Trying)
    {
        _timerJ = NewTimer(() =>
        {
            lock (Gate)
            {
                TerminateLocked();
            }
        });
    }

    public override bool Respond(SipResponse response)
    {
        var bytes = response.ToBytes();
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return false;
            }

            LastResponse = response;
            LastResponseBytes = bytes;
            if (response.StatusCode < 200)
            {
                State = SipTransactionState.Proceeding;
            }
            else
            {
                State = SipTransactionState.Completed;
                if (Reliable)
                {
                    TerminateLocked();
                }
                else
                {
                    _timerJ.Start(Timers.TransactionTimeout);
                }
            }
        }

        Send(bytes);
        return true;
    }

    public override void OnRetransmission()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Proceeding or SipTransactionState.Completed))
            {
                return;
            }
        }

        ResendLast();
    }

    protected override void StopTimersLocked() => _timerJ.Stop();
}
