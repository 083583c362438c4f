using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>RFC 3261 §17.2.1 (figure 7) with RFC 6026 §7.1: sends 100 Trying at once; a non-2xx final is retransmitted
/// by Timer G (T1 doubling to T2) until the ACK or Timer H (64*T1); Timer I absorbs ACK retransmissions; after a 2xx the
/// transaction is "Accepted" for Timer L = 64*T1, absorbing INVITE retransmissions while the dialog resends the 2xx.</summary>
internal sealed class InviteServerTransaction : SipServerTransaction
{
    private readonly SipTransactionTimer _timerG;
    private readonly SipTransactionTimer _timerH;
    private readonly SipTransactionTimer _timerI;
    private readonly SipTransactionTimer _timerL;

    public InviteServerTransaction(SipTransactionLayer layer, string key, SipRequest request, SipRemote source)
        : base(layer, key, request, source, SipTransactionState.Proceeding)
    {
        _timerG = NewTimer(OnTimerG);
        _timerH = NewTimer(OnTimerH);
        _timerI = NewTimer(Terminate);
        _timerL = NewTimer(Terminate);
    }

    /// <summary>Answers 100 Trying (RFC 3261 §17.2.1: at once, since the application may take longer than 200 ms).</summary>
    public void SendTrying() => Respond(SipResponseFactory.Create(Request, 100));

    public override bool Respond(SipResponse response)
    {
        var bytes = response.ToBytes();
        var status = response.StatusCode;
        lock (Gate)
        {
            switch (State)
            {
                case SipTransactionState.Proceeding when status < 200:
                    break;
                case SipTransactionState.Proceeding when status < 300:
                    State = SipTransactionState.Accepted;
                    _timerL.Start(Timers.TransactionTimeout);
                    break;
                case SipTransactionState.Proceeding:
                    State = SipTransactionState.Completed;
                    if (!Reliable)
                    {
                        _timerG.Start(Timers.T1);
                    }

                    _timerH.Start(Timers.TransactionTimeout);
                    break;
                case SipTransactionState.Accepted when status is >= 200 and < 300:
                    break; // RFC 6026: 2xx retransmissions from the dialog pass through
                default:
                    return false;
            }

            LastResponse = response;
            LastResponseBytes = bytes;
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
                return; // Accepted and Confirmed absorb
            }
        }

        ResendLast();
    }

    /// <summary>An ACK with this transaction's key; returns true when it belongs to the dialog (2xx ACK).</summary>
    public bool OnAck()
    {
        lock (Gate)
        {
            switch (State)
            {
                case SipTransactionState.Completed:
                    State = SipTransactionState.Confirmed;
                    _timerG.Stop();
                    _timerH.Stop();
                    if (Reliable)
                    {
                        TerminateLocked();
                    }
                    else
                    {
                        _timerI.Start(Timers.T4);
                    }

                    return false;
                case SipTransactionState.Accepted:
                    return true;
                default:
                    return false;
            }
        }
    }

    private void OnTimerG()
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Completed)
            {
                return;
            }

            var next = _timerG.Interval * 2;
            _timerG.Start(next < Timers.T2 ? next : Timers.T2);
        }

        ResendLast();
    }

    private void OnTimerH()
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Completed)
            {
                return;
            }

            Error = SipTransactionError.Timeout;
            TerminateLocked();
        }

        Layer.User.OnServerTransactionFailed(this, SipTransactionError.Timeout);
    }

    private void Terminate()
    {
        lock (Gate)
        {
            TerminateLocked();
        }
    }

    protected override void StopTimersLocked()
    {
        _timerG.Stop();
        _timerH.Stop();
        _timerI.Stop();
        _timerL.Stop();
    }
}
