using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Transactions;

/// <summary>The transaction user (RFC 3261 §17: the UA core / dialog layer) as seen by the transaction layer.
/// Calls arrive on receive loops or timer threads: implementations must not block.</summary>
internal interface ISipTransactionUser
{
    /// <summary>A new request (not ACK, not CANCEL) with its fresh server transaction.</summary>
    void OnRequest(SipServerTransaction transaction);

    /// <summary>An ACK that belongs to a dialog (ACK for a 2xx, RFC 3261 §13.3.1.4).</summary>
    void OnAck(SipRequest ack, SipRemote remote);

    /// <summary>A CANCEL matched this INVITE transaction and was answered 200 (RFC 3261 §9.2); the user should send 487.</summary>
    void OnCancel(InviteServerTransaction invite);

    /// <summary>A response matching no client transaction, e.g. a 2xx retransmission after Timer M (RFC 3261 §17.1.3).</summary>
    void OnStrayResponse(SipResponse response, SipRemote remote);

    /// <summary>Timer H fired or the transport failed (RFC 3261 §17.2.4).</summary>
    void OnServerTransactionFailed(SipServerTransaction transaction, SipTransactionError error);
}
