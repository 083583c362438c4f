using System.Buffers.Binary;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// The receiving half of an SRTP crypto context (RFC 3711 §3.3 and §3.4, receiver steps): estimate the
/// index, reject replays, authenticate in constant time, decrypt, and only then update ROC, s_l and the
/// replay window. RTP and RTCP may run on different threads; each must not run concurrently with itself.
/// </summary>
internal sealed class SrtpReceiver : IDisposable
{
    private readonly SrtpCipher _rtp;
    private readonly SrtpCipher _rtcp;
    private readonly SrtpStreamTable _rtpStreams;
    private readonly SrtpStreamTable _rtcpStreams;

    public SrtpReceiver(SrtpKeyMaterial material, int maxStreams)
    {
        (_rtp, _rtcp) = SrtpCipherFactory.CreatePair(material);

        _rtpStreams = new SrtpStreamTable(maxStreams);
        _rtcpStreams = new SrtpStreamTable(maxStreams);
    }

    /// <summary>Verifies and decrypts an SRTP packet in place; on success <paramref name="length"/> becomes the RTP length.</summary>
    public bool TryUnprotectRtp(Span<byte> buffer, ref int length)
    {
        var tagLength = _rtp.TagLength;
        if (length < SrtpRtpHeader.FixedLength + tagLength
            || length > buffer.Length
            || !SrtpRtpHeader.TryGetLength(buffer[..(length - tagLength)], out var headerLength))
        {
            return false;
        }

        var seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var stream = _rtpStreams.Find(ssrc);
        var isNew = stream is null;
        ulong index;
        if (stream is null)
        {
            // First packet of an SSRC: ROC = 0, s_l = SEQ (RFC 3711 §3.3.1).
            stream = _rtpStreams.Prepare(ssrc);
            index = seq;
        }
        else if (!SrtpPacketIndex.TryEstimate(stream.Rtp.Highest, seq, out index) || stream.Rtp.IsReplay(index))
        {
            return false;
        }

        if (!_rtp.TryUnprotectRtp(buffer, headerLength, length, ssrc, index))
        {
            return false;
        }

        stream.Rtp.Accept(index);
        if (isNew)
        {
            _rtpStreams.Commit(stream);
        }

        length -= tagLength;
        return true;
    }

    /// <summary>Verifies and decrypts an SRTCP packet in place; on success <paramref name="length"/> becomes the RTCP length.</summary>
    public bool TryUnprotectRtcp(Span<byte> buffer, ref int length)
    {
        if (length < 8 + 4 + _rtcp.TagLength || length > buffer.Length || (buffer[0] >> 6) != 2)
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var word = _rtcp.ReadRtcpIndexWord(buffer, length);
        ulong index = word & SrtpSender.MaxRtcpIndex;
        var stream = _rtcpStreams.Find(ssrc);
        var isNew = stream is null;
        if (stream is null)
        {
            stream = _rtcpStreams.Prepare(ssrc);
        }
        else if (stream.Rtcp.IsReplay(index))
        {
            return false;
        }

        if (!_rtcp.TryUnprotectRtcp(buffer, length, ssrc, word, out var rtcpLength))
        {
            return false;
        }

        stream.Rtcp.Accept(index);
        if (isNew)
        {
            _rtcpStreams.Commit(stream);
        }

        length = rtcpLength;
        return true;
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }
}
