namespace Bridge.Sip.Transactions;

/// <summary>States of RFC 3261 §17 (figures 5–8) plus "Accepted" of RFC 6026 §7 for INVITE transactions after a 2xx.</summary>
public enum SipTransactionState
{
    /// <summary>INVITE client: request sent, nothing heard.</summary>
    Calling,

    /// <summary>Non-INVITE client or server: request sent / received, no response yet.</summary>
    Trying,

    /// <summary>A provisional response was sent or received.</summary>
    Proceeding,

    /// <summary>RFC 6026: 2xx sent or received; absorbs retransmissions, passes 2xx/ACK to the dialog.</summary>
    Accepted,

    /// <summary>A final non-2xx (INVITE) or any final (non-INVITE) response was sent or received.</summary>
    Completed,

    /// <summary>INVITE server: the ACK for a non-2xx arrived.</summary>
    Confirmed,

    /// <summary>Done; removed from the transaction table.</summary>
    Terminated,
}
