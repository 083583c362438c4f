namespace Bridge.Sip.Transactions;

/// <summary>Why a transaction ended without a normal outcome (RFC 3261 §17.1.4, §17.2.4).</summary>
public enum SipTransactionError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Timer B, F or H fired.</summary>
    Timeout,

    /// <summary>The transport failed to send.</summary>
    TransportError,
}
