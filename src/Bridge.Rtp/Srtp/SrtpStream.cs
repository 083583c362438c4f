namespace Bridge.Rtp.Srtp;

/// <summary>
/// Per-SSRC state of one crypto context (RFC 3711 §3.2.1 and §3.2.3): the highest packet index
/// (ROC || s_l) with the replay window for SRTP, and the SRTCP index sent or the SRTCP replay window.
/// Slots are preallocated and reused by <see cref="SrtpStreamTable"/>.
/// </summary>
internal sealed class SrtpStream
{
    /// <summary>Replay window for SRTP; its highest index is ROC * 2^16 + s_l (RFC 3711 §3.3.1).</summary>
    public SrtpReplayWindow Rtp;

    /// <summary>Replay window for SRTCP indices (receive side).</summary>
    public SrtpReplayWindow Rtcp;

    public uint Ssrc { get; set; }

    /// <summary>Next SRTCP index to send; 31 bits, starts at 0 (RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex { get; set; }

    /// <summary>Highest SRTP index sent; valid when <see cref="HasSent"/>.</summary>
    public ulong HighestSent { get; set; }

    public bool HasSent { get; set; }

    /// <summary>Recency stamp for least-recently-used eviction.</summary>
    public long LastUse { get; set; }

    public void Reset(uint ssrc)
    {
        Ssrc = ssrc;
        Rtp.Reset();
        Rtcp.Reset();
        NextRtcpIndex = 0;
        HighestSent = 0;
        HasSent = false;
        LastUse = 0;
    }
}
