namespace Bridge.Sdp;

/// <summary>How SDES-SRTP (RFC 4568) is used when answering and offering.</summary>
public enum SrtpPolicy
{
    /// <summary>Plain RTP only: RTP/SAVP offers are refused with 488, a=crypto on RTP/AVP is ignored.</summary>
    Disabled,

    /// <summary>SRTP when the peer offers an acceptable a=crypto (preferred over a plain stream), plain RTP otherwise.</summary>
    Optional,

    /// <summary>SRTP only: offers without an acceptable a=crypto are refused with 488.</summary>
    Required,
}
