using System.Buffers.Binary;
using System.Security.Cryptography;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp;
using RtpSrtpSuite = Bridge.Rtp.Srtp.SrtpSuite;

namespace Bridge.LoadTests;

/// <summary>
/// One SDES-SRTP participant of the rooms scenario, PCMU or Opus (<see cref="LoadCodec"/>): it offers <c>AES_CM_128_HMAC_SHA1_80</c> with a fresh key
/// (RFC 4568 §6.1), protects what it sends with that key and unprotects what it receives with the key of the bridge's answer
/// (each side sends with its own key), using the bridge's own <see cref="SrtpSession"/> (the bridge under load is another
/// process). It holds no socket: <see cref="SrtpGenerator"/> sends its packets in batches from a socket shared with other
/// participants and hands it the datagrams that come from its call's port on the bridge. Sending (<see cref="WritePacket"/>)
/// runs on the generator's send thread, receiving (<see cref="OnDatagram"/>) on its receive thread; neither allocates.
/// </summary>
internal sealed class SrtpParticipant : IDisposable
{
    public const int EventPayloadType = 101;

    /// <summary>With DTX a silent Opus sender sends one frame every 400 ms (RFC 7587 §3.1.3; libopus's DTX does so).</summary>
    private const int DtxEvery = 20;

    private readonly SrtpKeyMaterial _sendKey = SrtpKeyMaterial.Generate(RtpSrtpSuite.AesCm128HmacSha1Tag80);
    private readonly LoadCodec _codec;
    private readonly byte[][] _frames;
    private readonly ToneTally _tally = new();
    private readonly ArrivalJitter _jitter;
    private readonly TelephoneEventSender _events;
    private readonly OpusListener? _opus;
    private readonly uint _ssrc;
    private int _frameIndex;
    private int _frameCount;
    private ushort _sequence;
    private uint _timestamp;
    private volatile SrtpSession? _srtp;

    /// <summary>
    /// A participant sending tone <paramref name="talker"/> (-1: silence) in <paramref name="codec"/>. PCMU participants
    /// all check tones; of Opus ones only those with <paramref name="sampled"/> decode (the others count packets).
    /// </summary>
    public SrtpParticipant(int talker, LoadCodec codec, bool sampled = true, bool dtx = false)
    {
        Dtx = dtx && codec.IsOpus && talker < 0;
        Talker = talker;
        _codec = codec;
        _frames = codec.Frames(talker);
        _events = new TelephoneEventSender(codec.ClockRate);
        _jitter = new ArrivalJitter(codec.ClockRate);
        _opus = codec.IsOpus && sampled ? new OpusListener() : null;
        ChecksTones = !codec.IsOpus || sampled;
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random); // RFC 3550 §5.1: random SSRC, sequence and timestamp
        _ssrc = Math.Max(1u, BinaryPrimitives.ReadUInt32LittleEndian(random));
        _sequence = BinaryPrimitives.ReadUInt16LittleEndian(random[4..]);
        _timestamp = BinaryPrimitives.ReadUInt32LittleEndian(random[6..]);
    }

    /// <summary>Which tone this participant sends, or -1 for a silent one.</summary>
    public int Talker { get; }

    public long Received => _tally.Received;

    /// <summary>The interarrival jitter of the audio the bridge sends this participant, since <see cref="ResetCounts"/>.</summary>
    public ArrivalJitter Jitter => _jitter;

    /// <summary>A silent Opus sender using discontinuous transmission: a silence frame every 400 ms, nothing between.</summary>
    public bool Dtx { get; }

    /// <summary>Whether this participant listens for the talkers' tones (every PCMU one; sampled Opus ones).</summary>
    public bool ChecksTones { get; }

    /// <summary>The generator's socket (index) this participant sends from, and that socket's port.</summary>
    public int Socket { get; set; } = -1;

    public int LocalPort { get; set; }

    /// <summary>The generator's slot (send buffer and address), while it has one.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>The bridge's RTP port of this call, from the answer (0 before).</summary>
    public int BridgePort { get; private set; }

    /// <summary>The SDP offer: the codec and telephone-event at its clock over RTP/SAVP with our key (RFC 4568 §9.1), RTCP on the RTP port (RFC 5761).</summary>
    public string Offer(int session)
    {
        Span<byte> keyAndSalt = stackalloc byte[30];
        int length = _sendKey.CopyConcatenatedTo(keyAndSalt);
        return "v=0\r\n" +
            $"o=load {session} 1 IN IP4 127.0.0.1\r\n" +
            "s=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {LocalPort} RTP/SAVP {_codec.PayloadType} {EventPayloadType}\r\n" + _codec.RtpMap +
            $"a=rtpmap:{EventPayloadType} telephone-event/{_codec.ClockRate}\r\na=fmtp:{EventPayloadType} 0-15\r\na=ptime:20\r\na=rtcp-mux\r\na=sendrecv\r\n" +
            $"a=crypto:1 {Bridge.Sdp.SrtpSuite.AesCm128HmacSha1_80} inline:{Convert.ToBase64String(keyAndSalt[..length])}\r\n";
    }

    /// <summary>Takes the bridge's key and RTP port from its answer; from then on the generator's ticks send.</summary>
    /// <exception cref="InvalidOperationException">The answer has no usable <c>a=crypto</c> of our suite.</exception>
    public void Answered(string answer)
    {
        SdesCrypto? crypto = null;
        foreach (var line in answer.Split("\r\n"))
        {
            if (line.StartsWith("a=crypto:", StringComparison.Ordinal) && SdesCrypto.TryParse(line["a=crypto:".Length..], out var parsed, out _))
            {
                crypto = parsed;
                break;
            }
        }

        if (crypto is null || !SrtpSuites.TryParse(crypto.Suite, out var suite) || suite != RtpSrtpSuite.AesCm128HmacSha1Tag80)
        {
            throw new InvalidOperationException("the answer has no a=crypto line of AES_CM_128_HMAC_SHA1_80");
        }

        BridgePort = SipCaller.MediaAddress(answer).Port;
        _srtp = new SrtpSession(_sendKey, new SrtpKeyMaterial(suite, crypto.MasterKey, crypto.MasterSalt));
    }

    /// <summary>Queues <paramref name="digits"/> as RFC 4733 events (100 ms each, 60 ms apart) in place of audio.</summary>
    public void Key(string digits)
    {
        foreach (var digit in digits)
        {
            _events.Enqueue(digit);
        }
    }

    /// <summary>
    /// On the send thread, every 20 ms: the next SRTP packet (audio, or the current RFC 4733 event packet) into
    /// <paramref name="buffer"/>; its length, or 0 before the answer.
    /// </summary>
    public int WritePacket(Span<byte> buffer)
    {
        var srtp = _srtp;
        if (srtp is null)
        {
            return 0;
        }

        uint timestamp = _timestamp;
        _timestamp += (uint)_codec.FrameUnits;
        int length;
        if (_events.TryNext(timestamp, _codec.FrameUnits, buffer.Slice(12, TelephoneEvent.PayloadLength), out bool marker, out uint eventTimestamp))
        {
            Header(buffer, EventPayloadType, marker, eventTimestamp);
            length = 12 + TelephoneEvent.PayloadLength;
        }
        else if (Dtx && _frameCount++ % DtxEvery != 0)
        {
            return 0; // a DTX gap: the timestamp runs on, the sequence number does not (RFC 3550 §5.1)
        }
        else
        {
            var frame = _frames[_frameIndex];
            _frameIndex = (_frameIndex + 1) % _frames.Length;
            Header(buffer, _codec.PayloadType, false, timestamp);
            frame.CopyTo(buffer[12..]);
            length = 12 + frame.Length;
        }

        return srtp.ProtectRtp(buffer, length);
    }

    /// <summary>
    /// On the receive thread: one datagram from the bridge's port of this call, which arrived at
    /// <paramref name="arrivalNanoseconds"/> (on the clock <paramref name="kernelArrival"/> names, see
    /// <see cref="ArrivalJitter.Add"/>). Packets of the codec are counted and their jitter taken (the RTP header is not
    /// encrypted, RFC 3711 §3.1); those <see cref="ToneTally"/> listens to are authenticated and decrypted
    /// first (a sampled Opus listener also decodes the packet before each, to keep its decoder in step).
    /// </summary>
    public void OnDatagram(Span<byte> datagram, long arrivalNanoseconds, bool kernelArrival)
    {
        var srtp = _srtp;
        if (srtp is null || datagram.Length < 12 || (datagram[0] & 0xC0) != 0x80 || (datagram[1] & 0x7F) != _codec.PayloadType)
        {
            return;
        }

        _jitter.Add(
            BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]), BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), arrivalNanoseconds, kernelArrival);
        long number = _tally.Next();
        bool listen = ChecksTones && number % ToneTally.CheckEvery == 0;
        bool prime = _opus is not null && number % ToneTally.CheckEvery == ToneTally.CheckEvery - 1;
        if (!listen && !prime)
        {
            return;
        }

        int length = datagram.Length;
        if (srtp.TryUnprotectRtp(datagram, ref length))
        {
            int header = 12 + (4 * (datagram[0] & 0x0F));
            if ((datagram[0] & 0x10) != 0 && length >= header + 4)
            {
                header += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(datagram[(header + 2)..]));
            }

            if (length > header && _opus is not null)
            {
                _opus.Decode(datagram[header..length], listen ? _tally : null);
            }
            else if (length >= header)
            {
                _tally.Listen(datagram[header..length]);
            }
        }
    }

    /// <summary>Starts counting afresh (the measuring window).</summary>
    public void ResetCounts()
    {
        _tally.Reset();
        _jitter.Reset();
    }

    /// <summary>Whether every talker of the room other than itself was heard in at least half the frames checked.</summary>
    public bool HeardAllTalkers(int talkers) => _tally.HeardAll(talkers, Talker);

    private void Header(Span<byte> buffer, int payloadType, bool marker, uint timestamp)
    {
        buffer[0] = 0x80;
        buffer[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], _ssrc);
    }

    /// <summary>Wipes the SRTP contexts; call once the generator's threads let go of this participant.</summary>
    public void Dispose()
    {
        _srtp?.Dispose();
        _opus?.Dispose();
    }
}
