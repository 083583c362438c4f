using System.Collections.Concurrent;
using Bridge.Calls.Media;
using Bridge.Conferencing;
using Bridge.Conferencing.Prompts;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp;
using Bridge.Sip.Stack;
using Bridge.Sip.Dialogs;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// One caller: the SIP dialog, the negotiated audio, the RTP/SRTP session and the codec, presented to
/// the conference as an <see cref="IConferenceLeg"/> and to the mixer as a port (through
/// <see cref="LegBinding"/>). Hang-up, BYE, RTP timeout and a room closing all end in <see cref="Release"/>.
/// </summary>
internal sealed partial class CallLeg : IConferenceLeg
{
    private readonly InviteSession _session;
    private readonly RtpSession _rtp;
    private readonly RekeyableSrtpSession? _srtp;
    private readonly MediaHub _hub;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TelephoneEventReceiver _events;
    private readonly ConcurrentQueue<char> _earlyDigits = new();
    private readonly Lock _bindingLock = new();
    private readonly List<Task> _gone = [];
    private LegBinding? _binding;
    private ConferenceCall? _conference;
    private int _released;
    private volatile EchoTest? _echo;

    public CallLeg(InviteSession session, RtpSession rtp, NegotiatedAudio audio, RekeyableSrtpSession? srtp, CallerSource source, MediaHub hub, TimeProvider time, ILogger logger)
    {
        _session = session;
        _rtp = rtp;
        _srtp = srtp;
        _hub = hub;
        _logger = logger;
        _time = time;
        Audio = audio;
        Source = source;
        Codec = AudioCodecs.GetInfo(audio.Codec.Name);
        var jitter = LegJitterBuffer.Create(Codec, time);
        var events = new TelephoneEventReceiver(time);
        events.EventReceived += e => OnDigit(e.Digit);
        _events = events;
        var reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder(Codec.Name), Codec, events, inBandDtmf: audio.TelephoneEventPayloadType is null, OnDigit);
        InitMedia(reader, audio);

        // RFC 3550 §6.4.1 / RFC 4733 §2.1: SR timestamps, jitter and event durations in the negotiated clocks (the session
        // was created before the codec was known). G.722's RTP clock is 8000 although it samples at 16 kHz (RFC 3551 §4.5.2).
        rtp.SetClockRates(Codec.RtpClockRate, audio.TelephoneEventClockRate);
        rtp.Protector = srtp;
        rtp.JitterBuffer = jitter;
        rtp.SilentPayload = LegSilence.For(Codec, reader);
        rtp.ReceivePayloadType = audio.PayloadType;
        rtp.SendPayloadType = audio.PayloadType;
        if (audio.TelephoneEventPayloadType is { } eventType)
        {
            rtp.EventReceiver = events;
            rtp.ReceiveEventPayloadType = eventType;
            rtp.SendEventPayloadType = eventType;
        }

        if (audio.RtcpMux)
        {
            // RFC 5761: the session was bound before negotiation; RTCP now shares the RTP port.
            rtp.EnableRtcpMux();
        }

        rtp.SetRemote(audio.RemoteRtp, audio.RtcpMux ? null : audio.RemoteRtcp);
        rtp.InactivityTimeout += OnRtpTimeout;
        session.InfoReceived += OnInfo;
        session.Terminated += (_, reason) => Release(reason.ToString());
    }

    public string Id => _session.CallId;

    public CallerSource Source { get; }

    public NegotiatedAudio Audio { get; private set; }

    public AudioCodecInfo Codec { get; private set; }

    public string CodecName => Codec.Name;

    public bool IsMediaSecure => _srtp is not null || _dtls is not null;

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>The session's end, for the graceful stop.</summary>
    public Task Completion => _session.Completion;

    /// <summary>The conference's view of this call; digits that arrived before it are delivered now.</summary>
    public void AttachConference(ConferenceCall conference)
    {
        _conference = conference;
        while (_earlyDigits.TryDequeue(out var digit))
        {
            conference.OnDigit(digit);
        }

        if (IsReleased)
        {
            conference.OnRemoteHangup();
        }
    }

    public void StartMedia() => _rtp.Start();

    /// <summary>
    /// Moves the leg into <paramref name="room"/> as one queued mixer operation: the old room drops it at its next tick
    /// and only then does the new room take it, so it is never in two rooms in one tick. Null once released.
    /// </summary>
    public MixParticipant? MoveTo(MixRoom room, bool hearsRoom, bool muted)
    {
        lock (_bindingLock)
        {
            if (IsReleased)
            {
                return null;
            }

            var binding = new LegBinding(this);
            MixParticipant participant;
            if (_binding?.Participant is { } previous)
            {
                participant = previous.Room.Move(previous, room, binding, hearsRoom);
                TrackGone(previous);
            }
            else
            {
                participant = room.Join(binding, hearsRoom);
            }

            participant.Muted = muted;
            binding.Participant = participant;
            _binding = binding;
            return participant;
        }
    }

    public MixParticipant? Participant => _binding?.Participant;

    public void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone)
    {
        var participant = Participant;
        if (participant is null || IsReleased)
        {
            onDone();
            return;
        }

        var audio = new AudioPrompt[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            audio[i] = _hub.GetPrompt(prompts[i]);
        }

        // Only a sequence played to its end moves the IVR on; a stopped or replaced one (barge-in, a move
        // between rooms, hang-up) must not, or the caller would be hung up before hearing "goodbye".
        participant.PlaySequence(audio, result =>
        {
            if (result == PromptResult.Completed)
            {
                onDone();
            }
        });
    }

    public void StopPrompts() => Participant?.StopPrompts();

    public void StartEcho(TimeSpan delay)
    {
        if (_echo is null && !IsReleased)
        {
            _echo = _hub.StartEcho(this, delay);
        }
    }

    public void Hangup() => _ = HangupAsync();

    public async Task HangupAsync()
    {
        try
        {
            await _session.HangupAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHangupFailed(Id, exception.Message);
        }
        finally
        {
            Release("LocalHangup");
        }
    }

    /// <summary>Called on the mixer thread of the room that holds the leg.</summary>
    internal bool ReadFrame(Span<short> pcm)
    {
        var got = ReadMedia(pcm);
        _echo?.Port.Record(got ? pcm : default);
        return got;
    }

    internal void Send(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        if (Volatile.Read(ref _released) == 0)
        {
            SendMedia(payload, rtpTimestampIncrement);
        }
    }

    /// <summary>The one release path: leaves the mixer, closes RTP (ports freed), tells the conference.</summary>
    public void Release(string reason)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        Task gone;
        lock (_bindingLock)
        {
            if (_binding?.Participant is { } participant)
            {
                participant.Room.Leave(participant);
                TrackGone(participant);
            }

            gone = Task.WhenAll(_gone);
            _gone.Clear();
        }

        if (_echo is { } echo)
        {
            _hub.StopEcho(echo);
        }
        _rtp.InactivityTimeout -= OnRtpTimeout;
        // The mixer may be sending this very tick: the sockets and SRTP contexts go only after it acknowledged the leave.
        _ = DisposeMediaAfterAsync(gone);
        LogReleased(Id, reason);
        _conference?.OnRemoteHangup();
        if (_session.State != InviteSessionState.Terminated)
        {
            _ = _session.HangupAsync();
        }
    }

    private void OnDigit(char digit)
    {
        if (digit == '\0')
        {
            return;
        }

        if (_echo is not null)
        {
            // The echo test is a diagnostic with no PIN entry: its digits may be shown to the admin. Logged off this
            // thread (it may be a mixer thread, which does no I/O).
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Leg.LogEchoDigit(s.Leg.Id, s.Digit), (Leg: this, Digit: digit), preferLocal: false);
        }

        if (_conference is { } conference)
        {
            conference.OnDigit(digit);
        }
        else
        {
            _earlyDigits.Enqueue(digit);
        }
    }

    private void OnInfo(InviteSession session, Bridge.Sip.Messages.SipRequest request)
    {
        if (DtmfInfoParser.TryParse(request.ContentType, request.Body.Span, out var digit))
        {
            OnDigit(digit);
        }
    }

    private void OnRtpTimeout(object? sender, EventArgs e)
    {
        LogRtpTimeout(Id);
        Hangup();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} released ({Reason})")]
    private partial void LogReleased(string callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: no media for the RTP timeout, hanging up")]
    private partial void LogRtpTimeout(string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} echo test: digit {Digit}")]
    private partial void LogEchoDigit(string callId, char digit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: BYE failed: {Reason}")]
    private partial void LogHangupFailed(string callId, string reason);
}
