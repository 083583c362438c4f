using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>RFC 3261 §17.1.1 (figure 5) with RFC 6026 §7.2: Timer A doubles from T1 without cap while Calling,
/// Timer B gives up after 64*T1, a non-2xx final is ACKed here (§17.1.1.3) and Timer D absorbs its retransmissions;
/// after a 2xx the transaction stays "Accepted" for Timer M = 64*T1 passing further 2xx to the dialog.</summary>
internal sealed class InviteClientTransaction : SipClientTransaction
{
    private readonly SipTransactionTimer _timerA;
    private readonly SipTransactionTimer _timerB;
    private readonly SipTransactionTimer _timerD;
    private readonly SipTransactionTimer _timerM;
    private ReadOnlyMemory<byte> _ack;

    /// <summary>Terminated: neither the INVITE nor the ACK for a non-2xx can be sent again.</summary>
    protected override void ReleaseLocked()
    {
        base.ReleaseLocked();
        _ack = default;
    }

    public InviteClientTransaction(SipTransactionLayer layer, SipRequest request, SipRemote destination)
        : base(layer, request, destination, SipTransactionState.Calling)
    {
        _timerA = NewTimer(OnTimerA);
        _timerB = NewTimer(OnTimerB);
        _timerD = NewTimer(Terminate);
        _timerM = NewTimer(Terminate);
    }

    public override void Start()
    {
        lock (Gate)
        {
            if (!Reliable)
            {
                _timerA.Start(Timers.T1);
            }

            _timerB.Start(Timers.TransactionTimeout);
        }

        Send(RequestBytes);
    }

    /// <summary>After a CANCEL: if no final response arrives within 64*T1 the INVITE is given up (RFC 3261 §9.1).</summary>
    public void ArmCancelTimeout()
    {
        lock (Gate)
        {
            if (State is SipTransactionState.Calling or SipTransactionState.Proceeding)
            {
                _timerB.Start(Timers.TransactionTimeout);
            }
        }
    }

    /// <summary>RFC 3263 §4.3: nothing at all (not even 100 Trying) came back within the caller's budget for this server, so
    /// it is treated as a timeout and the next server may be tried. No CANCEL is sent (§9.1: none before a provisional).
    /// True when the transaction was given up; false once any response had arrived.</summary>
    public bool GiveUpIfSilent()
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Calling)
            {
                return false;
            }

            Error = SipTransactionError.Timeout;
            TerminateLocked();
        }

        Fail();
        return true;
    }

    private void OnTimerA()
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Calling)
            {
                return;
            }

            _timerA.Start(_timerA.Interval * 2);
        }

        Send(RequestBytes);
    }

    private void OnTimerB()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Calling or SipTransactionState.Proceeding))
            {
                return;
            }

            Error = SipTransactionError.Timeout;
            TerminateLocked();
        }

        Fail();
    }

    private void Terminate()
    {
        lock (Gate)
        {
            TerminateLocked();
        }
    }

    public override void OnResponse(SipResponse response)
    {
        var status = response.StatusCode;
        var sendAck = false;
        lock (Gate)
        {
            switch (State)
            {
                case SipTransactionState.Calling or SipTransactionState.Proceeding when status < 200:
                    State = SipTransactionState.Proceeding;
                    _timerA.Stop();
                    _timerB.Stop();
                    break;
                case SipTransactionState.Calling or SipTransactionState.Proceeding when status < 300:
                    State = SipTransactionState.Accepted;
                    _timerA.Stop();
                    _timerB.Stop();
                    _timerM.Start(Timers.TransactionTimeout);
                    break;
                case SipTransactionState.Calling or SipTransactionState.Proceeding:
                    State = SipTransactionState.Completed;
                    _timerA.Stop();
                    _timerB.Stop();
                    _ack = SipRequestFactory.CreateAckForNon2xx(Request, response).ToBytes();
                    sendAck = true;
                    if (Reliable)
                    {
                        TerminateLocked();
                    }
                    else
                    {
                        _timerD.Start(Timers.TimerD);
                    }

                    break;
                case SipTransactionState.Accepted when status is >= 200 and < 300:
                    break; // a retransmitted or forked 2xx: the dialog layer ACKs it
                case SipTransactionState.Completed when status >= 300:
                    Send(_ack);
                    return;
                default:
                    return;
            }
        }

        if (sendAck)
        {
            Send(_ack);
        }

        PassUp(response);
    }

    protected override void OnTransportError()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Calling or SipTransactionState.Proceeding))
            {
                return;
            }

            Error = SipTransactionError.TransportError;
            TerminateLocked();
        }

        Fail();
    }

    protected override void StopTimersLocked()
    {
        _timerA.Stop();
        _timerB.Stop();
        _timerD.Stop();
        _timerM.Stop();
    }
}
