namespace Bridge.Rtp.Srtp;

/// <summary>The 48-bit SRTP packet index i = 2^16 * ROC + SEQ and its estimation (RFC 3711 §3.3.1, Appendix A).</summary>
internal static class SrtpPacketIndex
{
    /// <summary>Largest packet index: 2^48 - 1 (RFC 3711 §3.3.1).</summary>
    public const ulong Max = 0xFFFF_FFFF_FFFF;

    /// <summary>
    /// Guesses the index of <paramref name="seq"/> from the highest index seen, s_l and ROC (Appendix A):
    /// ROC - 1 for a late packet from before a wrap, ROC + 1 for one after a wrap, else ROC.
    /// </summary>
    /// <returns>False when the guess falls before index 0 or past 2^48 - 1.</returns>
    public static bool TryEstimate(ulong highest, ushort seq, out ulong index)
    {
        var roc = (long)(highest >> 16);
        var highestSeq = (int)(highest & 0xFFFF);
        long v;
        if (highestSeq < 32768)
        {
            v = seq - highestSeq > 32768 ? roc - 1 : roc;
        }
        else
        {
            v = highestSeq - 32768 > seq ? roc + 1 : roc;
        }

        if (v < 0 || v > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)v << 16) | seq;
        return true;
    }
}
