namespace Bridge.WebRtc.Demultiplexing;

/// <summary>
/// Demultiplexes STUN, DTLS and SRTP/SRTCP arriving on one port by the first octet (RFC 7983 §7, which
/// updates RFC 5764 §5.1.2). ZRTP (16–19) and TURN channels (64–79) are not used here and are dropped.
/// </summary>
public static class DatagramClassifier
{
    /// <summary>Classifies a datagram; never throws.</summary>
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Drop;
        }

        return datagram[0] switch
        {
            <= 3 => DatagramKind.Stun,
            >= 20 and <= 63 => DatagramKind.Dtls,
            >= 128 and <= 191 => DatagramKind.Rtp,
            _ => DatagramKind.Drop,
        };
    }
}
