using Bridge.Media.Codecs;
using Bridge.Rtp;
using Bridge.Sdp;
using Bridge.Sip.Dialogs;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// re-INVITE and UPDATE on an answered call (RFC 3261 §14, RFC 3311): the offer/answer itself is
/// <see cref="OfferAnswerSession"/>'s; this part applies what changed to the media. Hold (the peer does not want to
/// receive: sendonly, inactive, c=0.0.0.0) takes the caller out of the mix both ways and suspends the RTP timeout;
/// resume brings it back with the room's mute state untouched. A new address moves our RTP there (the signalling is
/// trusted, so latching starts again). A codec change builds a new receive pipeline and re-joins the room, handed to
/// the mixer thread at a tick boundary. A new SRTP key installs a new receive context; our own key follows our answer.
/// Port 0 stops media and keeps the call. An INVITE without SDP gets our offer, and the answer is taken from the ACK.
/// </summary>
internal sealed partial class CallLeg
{
    private readonly Lock _mediaLock = new();
    private volatile LegMedia _media = null!;
    private LegMedia? _sendMedia;
    private bool _resumeMarker;
    private volatile bool _sendToPeer;
    private volatile bool _heardInRoom;
    private OfferAnswerSession? _offerAnswer;
    private int _answerInAck;

    /// <summary>True while the peer holds the call (or disabled the stream): the caller is neither heard nor sent audio.</summary>
    public bool IsHeld => !_heardInRoom;

    /// <summary>Lets the leg answer re-INVITEs and UPDATEs from now on.</summary>
    internal void EnableRenegotiation(OfferAnswerSession offerAnswer)
    {
        _offerAnswer = offerAnswer;
        _session.AckReceived += OnAckAnswer;
        _session.ReInviteHandler = (_, offer) => Task.FromResult(OnOffer(offer));
    }

    private void InitMedia(LegAudioReader reader, NegotiatedAudio audio)
    {
        _media = new LegMedia(reader, Codec, audio.PayloadType, audio.TelephoneEventPayloadType ?? -1);
        _sendMedia = _media;
        SetDirection(audio.Direction);
    }

    /// <summary>Mixer thread: takes a new pipeline at the tick boundary (before this tick's send), then reads one frame.</summary>
    private bool ReadMedia(Span<short> pcm)
    {
        var media = _media;
        if (!ReferenceEquals(media, _sendMedia))
        {
            // The old binding was deactivated before the pipeline was published, so no payload of the old codec is sent after this.
            _rtp.SendPayloadType = media.PayloadType;
            _rtp.SendEventPayloadType = media.EventPayloadType;
            _sendMedia = media;
        }

        if (pcm.Length != media.Codec.SamplesPerFrame)
        {
            return false; // the last tick of the binding made for the previous codec
        }

        // Read even while held, so the peer's music on hold drains here instead of reaching the room after resume.
        return media.Reader.Read(pcm) && _heardInRoom;
    }

    /// <summary>Mixer thread: sends, or while held only advances the timestamp so the peer sees the gap (RFC 3550 §5.1).</summary>
    private void SendMedia(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        if (_sendToPeer)
        {
            // The first packet after the gap starts a talkspurt (RFC 3551 §4.1): the marker lets the peer re-sync its playout.
            _rtp.SendAudio(payload, rtpTimestampIncrement, marker: _resumeMarker);
            _resumeMarker = false;
        }
        else
        {
            _rtp.SkipAudio(rtpTimestampIncrement);
            _resumeMarker = true;
        }
    }

    private void SetDirection(MediaDirection direction)
    {
        _sendToPeer = direction.Sends();
        _heardInRoom = direction == MediaDirection.SendRecv;
        // No RTP is expected, or only music on hold: the RTP timeout waits (Bridge:Rtp:TimeoutSeconds).
        _rtp.OnHold = direction != MediaDirection.SendRecv;
    }

    private ReadOnlyMemory<byte>? OnOffer(ReadOnlyMemory<byte> body)
    {
        if (_offerAnswer is not { } offerAnswer || IsReleased)
        {
            return null;
        }

        lock (_mediaLock)
        {
            if (body.IsEmpty)
            {
                // RFC 3261 §14.2: an INVITE without an offer; ours goes in the 200, the answer comes in the ACK.
                var offer = offerAnswer.CreateOffer(IsMediaSecure);
                Volatile.Write(ref _answerInAck, 1);
                return offer.ToBytes();
            }

            if (!SessionDescription.TryParse(body.Span, out var description, out var error))
            {
                LogReOfferRefused(Id, error ?? "unreadable SDP");
                return null;
            }

            var result = offerAnswer.AnswerReOffer(description);
            if (!result.Success || result.Description is null)
            {
                LogReOfferRefused(Id, result.FailureReason ?? "not acceptable");
                return null;
            }

            Apply(result);
            return result.Description.ToBytes();
        }
    }

    private void OnAckAnswer(InviteSession session, ReadOnlyMemory<byte> body)
    {
        if (Interlocked.Exchange(ref _answerInAck, 0) == 0 || _offerAnswer is not { } offerAnswer)
        {
            return;
        }

        RenegotiationResult? result = null;
        lock (_mediaLock)
        {
            if (SessionDescription.TryParse(body.Span, out var answer, out _))
            {
                result = offerAnswer.ApplyAnswer(answer);
                if (result.Success)
                {
                    Apply(result);
                    return;
                }
            }
        }

        // RFC 3261 §13.3.1.4 leaves no way to refuse an answer in an ACK: end the call.
        LogReOfferRefused(Id, result?.FailureReason ?? "no answer in the ACK");
        Hangup();
    }

    /// <summary>Applies a successful exchange to the RTP session, the SRTP contexts and the mix.</summary>
    private void Apply(RenegotiationResult result)
    {
        if (IsReleased)
        {
            return;
        }

        var changes = result.Changes;
        if (result.Audio is not { } audio)
        {
            // RFC 3264 §8.2: the stream is gone, RTCP with it (no reports, no BYE); a later offer may bring it back.
            SetDirection(MediaDirection.Inactive);
            _rtp.RtcpEnabled = false;
            LogStreamDisabled(Id);
            return;
        }

        _rtp.RtcpEnabled = true;

        if (_srtp is { } srtp)
        {
            if ((changes & MediaChanges.RemoteKey) != 0 && audio.RemoteCrypto is { } remote)
            {
                srtp.ReplaceReceiveKey(CallManager.ToKey(remote));
            }

            if ((changes & MediaChanges.LocalKey) != 0 && audio.LocalCrypto is { } local)
            {
                srtp.ReplaceSendKey(CallManager.ToKey(local));
            }

            if ((changes & (MediaChanges.RemoteKey | MediaChanges.LocalKey)) != 0)
            {
                LogRekeyed(Id, (changes & MediaChanges.RemoteKey) != 0, (changes & MediaChanges.LocalKey) != 0);
            }
        }

        if ((changes & (MediaChanges.RemoteAddress | MediaChanges.Enabled)) != 0)
        {
            if (audio.RtcpMux && !_rtp.RtcpMux)
            {
                _rtp.EnableRtcpMux();
            }

            _rtp.SetRemote(audio.RemoteRtp, audio.RtcpMux ? null : audio.RemoteRtcp, resetLatch: true);
            LogMediaMoved(Id, audio.RemoteRtp.Port);
        }

        if ((changes & (MediaChanges.Codec | MediaChanges.TelephoneEvent)) != 0)
        {
            SwitchCodec(audio);
        }

        Audio = audio;
        var wasHeld = IsHeld;
        SetDirection(audio.Direction);
        if (wasHeld != IsHeld)
        {
            LogHold(Id, IsHeld ? "held" : "resumed", audio.Direction.ToAttributeName());
        }
    }

    /// <summary>
    /// A new receive pipeline for the new codec, and a new mix membership so the mixer makes the matching encoder. The old
    /// binding is deactivated before the pipeline is published, and the mixer thread switches the send payload type itself.
    /// </summary>
    private void SwitchCodec(NegotiatedAudio audio)
    {
        var codec = AudioCodecs.GetInfo(audio.Codec.Name);
        var jitter = LegJitterBuffer.Create(codec, _time);
        var reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder(codec.Name), codec, _events, inBandDtmf: audio.TelephoneEventPayloadType is null, OnDigit);
        var media = new LegMedia(reader, codec, audio.PayloadType, audio.TelephoneEventPayloadType ?? -1);

        // RFC 3550 §6.4.1, A.8: jitter, the silence hangover and SR timestamps in the new codec's clock (Opus 48000, the others 8000).
        _rtp.SetClockRates(codec.RtpClockRate, audio.TelephoneEventClockRate);
        _rtp.ReceivePayloadType = audio.PayloadType;
        _rtp.JitterBuffer = jitter;
        _rtp.SilentPayload = LegSilence.For(codec, reader);
        _rtp.ReceiveEventPayloadType = audio.TelephoneEventPayloadType ?? -1;
        if (audio.TelephoneEventPayloadType is not null)
        {
            _rtp.EventReceiver = _events;
        }

        lock (_bindingLock)
        {
            var old = _binding;
            old?.SetEnabled(receive: false, send: false); // the old binding neither reads nor sends from now on
            Codec = codec;
            _media = media;
            if (old?.Participant is { } participant && !IsReleased)
            {
                participant.PassPromptsOnMove(); // an IVR prompt playing now goes on in the new codec, and completes
                MoveTo(participant.Room, participant.HearsRoom, participant.Muted);
            }
        }

        LogCodecChanged(Id, codec.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} {State} by the peer (a={Direction})")]
    private partial void LogHold(string callId, string state, string direction);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: media moved to port {Port} by a new offer")]
    private partial void LogMediaMoved(string callId, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: codec changed to {Codec}")]
    private partial void LogCodecChanged(string callId, string codec);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: SRTP re-keyed (peer key {Remote}, our key {Local})")]
    private partial void LogRekeyed(string callId, bool remote, bool local);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: audio stream disabled (port 0); the call stays up")]
    private partial void LogStreamDisabled(string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: new offer refused ({Reason})")]
    private partial void LogReOfferRefused(string callId, string reason);
}
