namespace Bridge.Sip.Dialogs;

/// <summary>Life of an INVITE session (RFC 3261 §13): Early until the ACK for the 2xx (UAS) or until the 2xx is ACKed
/// (UAC), then Confirmed, and finally Terminated.</summary>
public enum InviteSessionState
{
    /// <summary>INVITE received or sent, not yet confirmed by ACK.</summary>
    Early,

    /// <summary>2xx sent and ACK received (UAS), or 2xx received and ACK sent (UAC).</summary>
    Confirmed,

    /// <summary>Ended; see <see cref="TerminationReason"/>.</summary>
    Terminated,
}
