namespace Bridge.Sip.Dialogs;

/// <summary>Why an INVITE session ended.</summary>
public enum TerminationReason
{
    /// <summary>The peer sent BYE (RFC 3261 §15.1.2).</summary>
    RemoteBye,

    /// <summary>We sent BYE (RFC 3261 §15.1.1).</summary>
    LocalBye,

    /// <summary>The caller sent CANCEL before the call was answered (RFC 3261 §9.2).</summary>
    Cancelled,

    /// <summary>No ACK for our 2xx within 64*T1 (RFC 3261 §13.3.1.4); a BYE was sent.</summary>
    AckTimeout,

    /// <summary>The transport failed or a transaction timed out (RFC 3261 §17.1.4, §17.2.4), or an in-dialog request
    /// got 481/408 (§12.2.1.2).</summary>
    TransportError,

    /// <summary>Answered with a final non-2xx response (ours or the peer's).</summary>
    Rejected,

    /// <summary>The session timer ran out without a refresh (RFC 4028 §10); a BYE was sent.</summary>
    SessionExpired,
}
