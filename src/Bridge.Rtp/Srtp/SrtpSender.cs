using System.Buffers.Binary;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// The sending half of an SRTP crypto context (RFC 3711 §3.3 and §3.4, sender steps). RTP and RTCP have
/// separate ciphers and stream tables, so <see cref="ProtectRtp"/> and <see cref="ProtectRtcp"/> may run on
/// different threads; each one must not run concurrently with itself.
/// </summary>
internal sealed class SrtpSender : IDisposable
{
    /// <summary>Largest SRTCP index (31 bits, RFC 3711 §3.4); past it the key must be replaced.</summary>
    public const uint MaxRtcpIndex = 0x7FFF_FFFF;

    private readonly SrtpCipher _rtp;
    private readonly SrtpCipher _rtcp;
    private readonly SrtpStreamTable _rtpStreams;
    private readonly SrtpStreamTable _rtcpStreams;

    public SrtpSender(SrtpKeyMaterial material, int maxStreams)
    {
        (_rtp, _rtcp) = SrtpCipherFactory.CreatePair(material);

        _rtpStreams = new SrtpStreamTable(maxStreams);
        _rtcpStreams = new SrtpStreamTable(maxStreams);
    }

    public int RtpOverhead => _rtp.TagLength;

    public int RtcpOverhead => _rtcp.TagLength + 4;

    /// <summary>Protects an RTP packet in place; returns the SRTP length, or -1 when the packet is malformed or the buffer lacks room for the tag.</summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        if (length < SrtpRtpHeader.FixedLength
            || length > buffer.Length
            || buffer.Length - length < _rtp.TagLength
            || !SrtpRtpHeader.TryGetLength(buffer[..length], out var headerLength))
        {
            return -1;
        }

        var seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var stream = _rtpStreams.GetOrAdd(ssrc);
        ulong index;
        if (!stream.HasSent)
        {
            index = seq;
        }
        else if (!SrtpPacketIndex.TryEstimate(stream.HighestSent, seq, out index))
        {
            return -1;
        }

        if (!stream.HasSent || index > stream.HighestSent)
        {
            stream.HighestSent = index;
            stream.HasSent = true;
        }

        return _rtp.ProtectRtp(buffer, headerLength, length, ssrc, index);
    }

    /// <summary>Protects an RTCP compound packet in place (always encrypted, E = 1); returns the SRTCP length or -1.</summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < 8
            || length > buffer.Length
            || buffer.Length - length < RtcpOverhead
            || (buffer[0] >> 6) != 2)
        {
            return -1;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var stream = _rtcpStreams.GetOrAdd(ssrc);
        var index = stream.NextRtcpIndex;
        if (index > MaxRtcpIndex)
        {
            return -1;
        }

        stream.NextRtcpIndex = index + 1;
        return _rtcp.ProtectRtcp(buffer, length, ssrc, index);
    }

    public void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }
}
