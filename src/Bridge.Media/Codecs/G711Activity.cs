namespace Bridge.Media.Codecs;

/// <summary>
/// Whether a G.711 payload (RFC 3551 §4.5.14; ITU-T G.711) is quiet, read from the code words without decoding them into a
/// frame: the mean square of the samples the codes stand for, from a 256-entry table of squared linear values, against a
/// limit. G.711 carries no voice-activity flag, so this is the level itself, exactly as the decoder would give it — a
/// listener's line noise below the limit is quiet, a tone or a talker above it is not, however steady. Allocation-free,
/// never throws: it runs on the receive thread for every packet of every G.711 caller, and stops at the first stretch
/// that already exceeds the limit (a talker costs a few code words).
/// </summary>
public static class G711Activity
{
    private static readonly int[] MuLawPower = Squares(G711Tables.MuLawDecode);
    private static readonly int[] ALawPower = Squares(G711Tables.ALawDecode);

    /// <summary>
    /// True when the mean square of <paramref name="payload"/>'s samples is at most <paramref name="meanSquareLimit"/>
    /// (in 16-bit sample units squared; 0 dBFS, a full-scale square wave, is 32768²). An empty payload is not quiet (it
    /// says nothing).
    /// </summary>
    /// <param name="payload">The RTP payload: one code word per sample.</param>
    /// <param name="aLaw">A-law (PCMA) rather than μ-law (PCMU).</param>
    /// <param name="meanSquareLimit">The largest mean square still quiet.</param>
    public static bool IsQuiet(ReadOnlySpan<byte> payload, bool aLaw, long meanSquareLimit)
    {
        if (payload.IsEmpty || meanSquareLimit < 0)
        {
            return false;
        }

        int[] power = aLaw ? ALawPower : MuLawPower;
        long limit = meanSquareLimit * payload.Length;
        long sum = 0;
        int i = 0;
        while (i < payload.Length)
        {
            // 16 code words at most 16 × 32768² apart from the limit check: the sum stays far from overflow.
            int end = Math.Min(i + 16, payload.Length);
            for (; i < end; i++)
            {
                sum += power[payload[i]];
            }

            if (sum > limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The limit for a level in dBFS (0 dBFS = a full-scale square wave, as <see cref="IsQuiet"/> counts).</summary>
    public static long MeanSquareAt(double dbfs) => (long)(32768.0 * 32768.0 * Math.Pow(10, dbfs / 10));

    private static int[] Squares(short[] linear)
    {
        var squares = new int[linear.Length];
        for (int i = 0; i < linear.Length; i++)
        {
            squares[i] = linear[i] * linear[i];
        }

        return squares;
    }
}
