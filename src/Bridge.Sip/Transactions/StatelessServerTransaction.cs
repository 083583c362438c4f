using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>
/// RFC 3261 §8.2.7 (stateless UAS behaviour) for OPTIONS outside a dialog: the answer is sent and nothing is kept. An
/// OPTIONS answer changes no state, so a retransmitted request may simply be answered again; keeping a §17.2.2
/// transaction for Timer J (32 s on UDP) instead held 160,000 transactions at 5,000 keep-alive OPTIONS a second
/// (issue 14: RSS 600 MiB, a fifth of the CPU in the GC). Not in the transaction table, so never matched.
/// </summary>
internal sealed class StatelessServerTransaction : SipServerTransaction
{
    public StatelessServerTransaction(SipTransactionLayer layer, string key, SipRequest request, SipRemote source)
        : base(layer, key, request, source, SipTransactionState.Trying)
    {
    }

    public override bool Respond(SipResponse response)
    {
        var bytes = response.ToBytes();
        lock (Gate)
        {
            if (State == SipTransactionState.Terminated)
            {
                return false;
            }

            LastResponse = response;
            LastResponseBytes = bytes;
            if (response.StatusCode >= 200)
            {
                TerminateLocked();
            }
        }

        Send(bytes);
        return true;
    }

    /// <summary>Never called: the transaction is not in the table, so a retransmission is a new request.</summary>
    public override void OnRetransmission()
    {
    }

    protected override void StopTimersLocked()
    {
    }
}
