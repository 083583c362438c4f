using System.Net;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp;
using RtpSrtpSuite = Bridge.Rtp.Srtp.SrtpSuite;

namespace Bridge.LoadTests;

/// <summary>
/// One SDES-SRTP PCMU participant of the rooms scenario, built on the bridge's own <see cref="RtpSession"/> (the same SRTP,
/// RTCP and batched receive engine as the bridge; the bridge under load is another process): it offers
/// <c>AES_CM_128_HMAC_SHA1_80</c> with a fresh key (RFC 4568 §6.1), protects what it sends with that key and unprotects
/// what it receives with the key of the bridge's answer (RFC 4568 §6.1: each side sends with its own key). It sends a
/// 20 ms frame (its talker tone, or µ-law silence) when <see cref="SendClock"/> ticks; digits go as RFC 4733 events in
/// place of audio. On the receive thread it counts packets and listens for the talkers (<see cref="ToneTally"/>).
/// </summary>
internal sealed class SrtpParticipant : IDisposable
{
    public const int EventPayloadType = 101;
    private static readonly byte[] Silence = Enumerable.Repeat((byte)0xFF, 160).ToArray();

    private readonly RtpSession _session;
    private readonly SrtpKeyMaterial _sendKey;
    private readonly byte[] _frame;
    private readonly ToneTally _tally = new();
    private SrtpSession? _srtp;

    private SrtpParticipant(RtpSession session, int talker)
    {
        _session = session;
        Talker = talker;
        _frame = talker >= 0 ? ToneMeter.Frame(talker) : Silence;
        _sendKey = SrtpKeyMaterial.Generate(RtpSrtpSuite.AesCm128HmacSha1Tag80);
        session.SendPayloadType = 0;
        session.SendEventPayloadType = EventPayloadType;
        session.ReceivePayloadType = -1; // everything goes to OtherPacketReceived: no jitter buffer here
        session.ReceiveEventPayloadType = -1;
        session.OtherPacketReceived = OnPacket;
        session.Start();
    }

    /// <summary>Which tone this participant sends, or -1 for a silent one.</summary>
    public int Talker { get; }

    public int LocalPort => _session.Ports.RtpPort;

    public long Received => _tally.Received;

    /// <summary>The slot of <see cref="SendClock"/> this participant has, while it has one.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>A participant on a port pair of <paramref name="ports"/>, or null when the range is used up.</summary>
    public static SrtpParticipant? TryCreate(RtpPortAllocator ports, int talker)
    {
        var options = new RtpSessionOptions { InactivityTimeout = TimeSpan.FromHours(1) };
        return RtpSession.TryCreate(ports, IPAddress.Loopback, options, TimeProvider.System, out var session)
            ? new SrtpParticipant(session, talker)
            : null;
    }

    /// <summary>The SDP offer: PCMU and telephone-event over RTP/SAVP with our key (RFC 4568 §9.1).</summary>
    public string Offer()
    {
        Span<byte> keyAndSalt = stackalloc byte[30];
        int length = _sendKey.CopyConcatenatedTo(keyAndSalt);
        return "v=0\r\n" +
            $"o=load {LocalPort} 1 IN IP4 127.0.0.1\r\n" +
            "s=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {LocalPort} RTP/SAVP 0 {EventPayloadType}\r\n" +
            $"a=rtpmap:0 PCMU/8000\r\na=rtpmap:{EventPayloadType} telephone-event/8000\r\na=fmtp:{EventPayloadType} 0-15\r\na=ptime:20\r\na=sendrecv\r\n" +
            $"a=crypto:1 {Bridge.Sdp.SrtpSuite.AesCm128HmacSha1_80} inline:{Convert.ToBase64String(keyAndSalt[..length])}\r\n";
    }

    /// <summary>Takes the bridge's key and media address from its answer; from then on the clock's ticks send.</summary>
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

        _srtp = new SrtpSession(_sendKey, new SrtpKeyMaterial(suite, crypto.MasterKey, crypto.MasterSalt));
        _session.Protector = _srtp;
        _session.SetRemote(SipCaller.MediaAddress(answer));
    }

    /// <summary>Queues <paramref name="digits"/> as RFC 4733 events (100 ms each, 60 ms apart).</summary>
    public void Key(string digits)
    {
        foreach (var digit in digits)
        {
            _session.SendDigit(digit);
        }
    }

    /// <summary>Called by the clock every 20 ms: one frame (or the current event packet); nothing before the answer.</summary>
    public void Tick() => _session.SendAudio(_frame, 160);

    /// <summary>Starts counting afresh (the measuring window).</summary>
    public void ResetCounts() => _tally.Reset();

    /// <summary>Whether every talker of the room other than itself was heard in at least half the frames checked.</summary>
    public bool HeardAllTalkers(int talkers) => _tally.HeardAll(talkers, Talker);

    /// <summary>On the receive engine's thread, after SRTP unprotect: count, and sometimes listen.</summary>
    private void OnPacket(RtpSession session, in RtpPacket packet)
    {
        if (packet.PayloadType == 0)
        {
            _tally.Count(packet.Payload);
        }
    }

    /// <summary>Closes the session (RTCP BYE, sockets, ports) and then the SRTP contexts; call once the clock let go of it.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _srtp?.Dispose();
    }
}
