using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>RFC 3261 §17.1.2 (figure 6): Timer E retransmits at T1, 2T1, 4T1 … capped at T2 (T2 once Proceeding),
/// Timer F gives up after 64*T1, Timer K absorbs response retransmissions for T4.</summary>
internal sealed class NonInviteClientTransaction : SipClientTransaction
{
    private readonly SipTransactionTimer _timerE;
    private readonly SipTransactionTimer _timerF;
    private readonly SipTransactionTimer _timerK;

    public NonInviteClientTransaction(SipTransactionLayer layer, SipRequest request, SipRemote destination)
        : base(layer, request, destination, SipTransactionState.Trying)
    {
        _timerE = NewTimer(OnTimerE);
        _timerF = NewTimer(OnTimerF);
        _timerK = NewTimer(OnTimerK);
    }

    public override void Start()
    {
        lock (Gate)
        {
            if (!Reliable)
            {
                _timerE.Start(Timers.T1);
            }

            _timerF.Start(Timers.TransactionTimeout);
        }

        Send(RequestBytes);
    }

    private void OnTimerE()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return;
            }

            var next = State == SipTransactionState.Proceeding ? Timers.T2 : Min(_timerE.Interval * 2, Timers.T2);
            _timerE.Start(next);
        }

        Send(RequestBytes);
    }

    private void OnTimerF()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return;
            }

            Error = SipTransactionError.Timeout;
            TerminateLocked();
        }

        Fail();
    }

    private void OnTimerK()
    {
        lock (Gate)
        {
            TerminateLocked();
        }
    }

    public override void OnResponse(SipResponse response)
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                return; // Completed absorbs retransmitted finals
            }

            if (response.StatusCode < 200)
            {
                State = SipTransactionState.Proceeding;
            }
            else
            {
                State = SipTransactionState.Completed;
                _timerE.Stop();
                _timerF.Stop();
                if (Reliable)
                {
                    TerminateLocked();
                }
                else
                {
                    _timerK.Start(Timers.T4);
                }
            }
        }

        PassUp(response);
    }

    protected override void OnTransportError()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
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
        _timerE.Stop();
        _timerF.Stop();
        _timerK.Stop();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
