namespace Bridge.DialPlans;

/// <summary>How a call's media must be protected (SRTP, RFC 3711; keys by RFC 4568 SDES or DTLS-SRTP).</summary>
public enum MediaPolicy
{
    /// <summary>Offer/accept SRTP, fall back to plain RTP when the peer cannot do SRTP. The default.</summary>
    PreferSecure = 0,

    /// <summary>SRTP only: a call that cannot negotiate SRTP is refused (488) or, after the IVR, not admitted.</summary>
    Secure = 1,

    /// <summary>Plain RTP only.</summary>
    Plain = 2,
}
